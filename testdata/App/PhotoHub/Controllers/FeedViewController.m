//
//  FeedViewController.m
//  PhotoHub
//

#import "FeedViewController.h"
#import "PhotoDetailViewController.h"
#import "ProfileViewController.h"
#import "PhotoCell.h"
#import "Photo.h"

static const NSInteger FeedPrefetchDistance = 5;

@interface FeedViewController () <PhotoCellDelegate> {
    NSMutableArray<Photo *> *_items;
}

@property (nonatomic, assign, readwrite) FeedType feedType;
@property (nonatomic, strong) FeedAPIClient *feedClient;
@property (nonatomic, assign) BOOL hasMore;
@property (nonatomic, strong) NSMutableSet<NSString *> *likedIDs;
@property (nonatomic, strong, nullable) NSTimer *refreshTimer;

@property (nonatomic, copy, nullable) void (^refreshCompletion)(void);
@property (nonatomic, copy, nullable) void (^pageHandler)(NSArray<Photo *> *photos);
@property (nonatomic, copy, nullable) void (^loadMoreHandler)(void);

@end

@implementation FeedViewController

- (instancetype)initWithFeedType:(FeedType)feedType {
    self = [super initWithStyle:UITableViewStylePlain];
    if (self) {
        _feedType = feedType;
        // The client also keeps this feed's paging cursor.
        _feedClient = [[FeedAPIClient alloc] initWithFeedType:feedType];
        _items = [NSMutableArray array];
        _likedIDs = [NSMutableSet set];
        _hasMore = YES;
        self.title = (feedType == FeedTypeExplore) ? NSLocalizedString(@"Explore", nil) : NSLocalizedString(@"Home", nil);
    }
    return self;
}

#pragma mark - Lifecycle

- (void)viewDidLoad {
    [super viewDidLoad];

    [self.tableView registerClass:[PhotoCell class] forCellReuseIdentifier:[PhotoCell reuseIdentifier]];
    self.tableView.rowHeight = CGRectGetWidth(self.view.bounds) + 130;
    self.tableView.separatorStyle = UITableViewCellSeparatorStyleNone;

    self.refreshControl = [[UIRefreshControl alloc] init];
    [self.refreshControl addTarget:self action:@selector(reload) forControlEvents:UIControlEventValueChanged];

    // After every reload: redraw the table and stop the spinner.
    self.refreshCompletion = ^{
        [self.tableView reloadData];
        [self.refreshControl endRefreshing];
    };

    // Appends a freshly loaded page to the model.
    self.pageHandler = ^(NSArray<Photo *> *photos) {
        [_items addObjectsFromArray:photos];
    };

    // Triggered by the table when the user gets close to the bottom.
    __weak typeof(self) weakSelf = self;
    self.loadMoreHandler = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf || !strongSelf.hasMore) {
            return;
        }
        [strongSelf loadNextPage];
    };

    [self reload];
}

- (void)viewWillAppear:(BOOL)animated {
    [super viewWillAppear:animated];
    // Pull new posts every minute while the feed is on screen.
    self.refreshTimer = [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(refreshTimerFired:) userInfo:nil repeats:YES];
}

- (void)viewWillDisappear:(BOOL)animated {
    [super viewWillDisappear:animated];
    [self.refreshTimer invalidate];
    self.refreshTimer = nil;
}

#pragma mark - Loading

- (void)refreshTimerFired:(NSTimer *)timer {
    if (self.tableView.contentOffset.y <= 0) {
        [self reload];
    }
}

- (void)reload {
    __weak typeof(self) weakSelf = self;
    [self.feedClient reloadWithCompletion:^(NSArray<Photo *> * _Nullable photos, BOOL hasMore, NSError * _Nullable error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) {
            return;
        }
        if (photos) {
            [strongSelf applyLocalLikes:photos];
            [strongSelf replaceItemsWithPhotos:photos];
            strongSelf.hasMore = hasMore;
        }
        if (strongSelf.refreshCompletion) {
            strongSelf.refreshCompletion();
        }
    }];
}

- (void)loadNextPage {
    __weak typeof(self) weakSelf = self;
    [self.feedClient loadNextPageWithCompletion:^(NSArray<Photo *> * _Nullable photos, BOOL hasMore, NSError * _Nullable error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf || photos.count == 0) {
            return;
        }
        [strongSelf applyLocalLikes:photos];
        strongSelf.hasMore = hasMore;
        strongSelf.pageHandler(photos);
        [strongSelf.tableView reloadData];
    }];
}

- (void)replaceItemsWithPhotos:(NSArray<Photo *> *)photos {
    [_items setArray:photos];
}

// Likes made on this device win over the server's cached counts until the next full sync.
- (void)applyLocalLikes:(NSArray<Photo *> *)photos {
    [photos enumerateObjectsUsingBlock:^(Photo *photo, NSUInteger idx, BOOL *stop) {
        if ([self.likedIDs containsObject:photo.identifier] && !photo.isLiked) {
            photo.liked = YES;
            photo.likeCount += 1;
        }
    }];
}

#pragma mark - UITableViewDataSource

- (NSInteger)tableView:(UITableView *)tableView numberOfRowsInSection:(NSInteger)section {
    return _items.count;
}

- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:[PhotoCell reuseIdentifier] forIndexPath:indexPath];
    Photo *photo = _items[indexPath.row];
    [cell configureWithPhoto:photo];
    cell.delegate = self;

    __weak typeof(self) weakSelf = self;
    cell.onShare = ^{
        [weakSelf sharePhoto:photo];
    };
    return cell;
}

#pragma mark - UITableViewDelegate

- (void)tableView:(UITableView *)tableView willDisplayCell:(UITableViewCell *)cell forRowAtIndexPath:(NSIndexPath *)indexPath {
    if (indexPath.row >= (NSInteger)_items.count - FeedPrefetchDistance && self.loadMoreHandler) {
        self.loadMoreHandler();
    }
}

- (void)tableView:(UITableView *)tableView didSelectRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoDetailViewController *detail = [[PhotoDetailViewController alloc] initWithPhotos:[_items copy] startIndex:indexPath.row];
    [self.navigationController pushViewController:detail animated:YES];
}

#pragma mark - PhotoCellDelegate

- (void)photoCellDidTapLike:(PhotoCell *)cell {
    Photo *photo = cell.photo;
    if (!photo) {
        return;
    }
    photo.liked = !photo.isLiked;
    photo.likeCount += photo.isLiked ? 1 : -1;
    if (photo.isLiked) {
        [self.likedIDs addObject:photo.identifier];
    } else {
        [self.likedIDs removeObject:photo.identifier];
    }
    [self.feedClient setLiked:photo.isLiked forPhoto:photo completion:nil];
}

- (void)photoCellDidTapOwner:(PhotoCell *)cell {
    if (!cell.photo) {
        return;
    }
    ProfileViewController *profile = [[ProfileViewController alloc] initWithUsername:cell.photo.ownerName];
    [self.navigationController pushViewController:profile animated:YES];
}

#pragma mark - Sharing

- (void)sharePhoto:(Photo *)photo {
    NSArray *items = @[photo.caption, photo.imageURL];
    UIActivityViewController *activity = [[UIActivityViewController alloc] initWithActivityItems:items applicationActivities:nil];
    [self presentViewController:activity animated:YES completion:nil];
}

#pragma mark - Related

// "More like this": every tap pushes a new feed screen, so feed screens
// are made and dismissed over and over, not only the two tab roots.
- (void)showRelatedFeed {
    FeedViewController *related = [[FeedViewController alloc] initWithFeedType:FeedTypeExplore];
    [self.navigationController pushViewController:related animated:YES];
}

@end
