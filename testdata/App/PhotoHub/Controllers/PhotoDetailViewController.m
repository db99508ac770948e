//
//  PhotoDetailViewController.m
//  PhotoHub
//

#import "PhotoDetailViewController.h"
#import "APIClient.h"
#import "ImageDownloader.h"
#import "Photo.h"
#import "NSString+PHFormatting.h"

static const NSInteger SlideshowSecondsPerPhoto = 5;

@interface PhotoDetailViewController ()
@property (nonatomic, copy, readwrite) NSArray<Photo *> *photos;
@property (nonatomic, assign, readwrite) NSInteger currentIndex;
@property (nonatomic, assign) NSInteger secondsOnCurrentPhoto;
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) ImageDownloader *downloader;
@property (nonatomic, strong, nullable) NSURLSessionDataTask *imageTask;
@property (nonatomic, strong) UIImageView *imageView;
@property (nonatomic, strong) UILabel *captionLabel;
@property (nonatomic, strong) UIProgressView *slideshowProgress;
@end

@implementation PhotoDetailViewController

- (instancetype)initWithPhotos:(NSArray<Photo *> *)photos startIndex:(NSInteger)startIndex {
    self = [super initWithNibName:nil bundle:nil];
    if (self) {
        _photos = [photos copy];
        _currentIndex = MAX(0, MIN(startIndex, (NSInteger)photos.count - 1));
        self.hidesBottomBarWhenPushed = YES;
    }
    return self;
}

- (void)dealloc {
    // Stop the slideshow when the screen goes away.
    [self.timer invalidate];
    [self.imageTask cancel];
}

#pragma mark - Lifecycle

- (void)viewDidLoad {
    [super viewDidLoad];
    self.view.backgroundColor = [UIColor blackColor];
    self.view.alpha = 0;

    self.imageView = [[UIImageView alloc] initWithFrame:self.view.bounds];
    self.imageView.contentMode = UIViewContentModeScaleAspectFit;
    self.imageView.autoresizingMask = UIViewAutoresizingFlexibleWidth | UIViewAutoresizingFlexibleHeight;
    [self.view addSubview:self.imageView];

    self.slideshowProgress = [[UIProgressView alloc] initWithProgressViewStyle:UIProgressViewStyleBar];
    self.slideshowProgress.frame = CGRectMake(0, 0, CGRectGetWidth(self.view.bounds), 2);
    self.slideshowProgress.autoresizingMask = UIViewAutoresizingFlexibleWidth;
    [self.view addSubview:self.slideshowProgress];

    self.captionLabel = [[UILabel alloc] initWithFrame:CGRectMake(16, CGRectGetHeight(self.view.bounds) - 120, CGRectGetWidth(self.view.bounds) - 32, 80)];
    self.captionLabel.textColor = [UIColor whiteColor];
    self.captionLabel.numberOfLines = 0;
    self.captionLabel.autoresizingMask = UIViewAutoresizingFlexibleWidth | UIViewAutoresizingFlexibleTopMargin;
    [self.view addSubview:self.captionLabel];

    self.navigationItem.rightBarButtonItem = [[UIBarButtonItem alloc] initWithTitle:NSLocalizedString(@"Report", nil)
                                                                              style:UIBarButtonItemStylePlain
                                                                             target:self
                                                                             action:@selector(reportTapped)];

    self.downloader = [[ImageDownloader alloc] init];
    [self showPhotoAtIndex:self.currentIndex];

    // Slideshow: move to the next photo every few seconds.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES];
}

- (void)viewDidAppear:(BOOL)animated {
    [super viewDidAppear:animated];
    [UIView animateWithDuration:0.25 animations:^{
        self.view.alpha = 1;
    }];
}

#pragma mark - Slideshow

- (void)tick {
    self.secondsOnCurrentPhoto += 1;
    self.slideshowProgress.progress = (float)self.secondsOnCurrentPhoto / SlideshowSecondsPerPhoto;
    if (self.secondsOnCurrentPhoto >= SlideshowSecondsPerPhoto && self.photos.count > 1) {
        [self showPhotoAtIndex:(self.currentIndex + 1) % (NSInteger)self.photos.count];
    }
}

- (void)showPhotoAtIndex:(NSInteger)index {
    if (index < 0 || index >= (NSInteger)self.photos.count) {
        return;
    }
    self.currentIndex = index;
    self.secondsOnCurrentPhoto = 0;
    self.slideshowProgress.progress = 0;

    Photo *photo = self.photos[index];
    self.title = [NSString ph_relativeStringFromDate:photo.createdAt];
    self.captionLabel.text = [NSString stringWithFormat:@"%@  %@", photo.ownerName, photo.caption];

    [self.imageTask cancel];
    __weak typeof(self) weakSelf = self;
    self.imageTask = [self.downloader downloadImageAtURL:photo.imageURL completion:^(UIImage * _Nullable image, NSError * _Nullable error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf || !image) {
            return;
        }
        strongSelf.imageView.image = image;
    }];
}

#pragma mark - Reporting

- (void)reportTapped {
    Photo *photo = self.photos[self.currentIndex];
    UIAlertController *sheet = [UIAlertController alertControllerWithTitle:NSLocalizedString(@"Report photo", nil)
                                                                   message:nil
                                                            preferredStyle:UIAlertControllerStyleActionSheet];
    __weak typeof(self) weakSelf = self;
    for (NSString *reason in @[@"spam", @"nudity", @"harassment"]) {
        [sheet addAction:[UIAlertAction actionWithTitle:reason.localizedCapitalizedString style:UIAlertActionStyleDestructive handler:^(UIAlertAction *action) {
            [weakSelf reportPhoto:photo reason:reason];
        }]];
    }
    [sheet addAction:[UIAlertAction actionWithTitle:NSLocalizedString(@"Cancel", nil) style:UIAlertActionStyleCancel handler:nil]];
    [self presentViewController:sheet animated:YES completion:nil];
}

// Reports go to the moderation service, which lives on its own host.
- (void)reportPhoto:(Photo *)photo reason:(NSString *)reason {
    NSURL *moderationURL = [NSURL URLWithString:@"https://moderation.photohub.example.com/v1/"];
    PHSessionManager *manager = [[PHSessionManager alloc] initWithBaseURL:moderationURL];
    NSDictionary *parameters = @{@"photo_id": photo.identifier, @"reason": reason};
    [manager POST:@"reports" parameters:parameters headers:nil progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        self.navigationItem.prompt = NSLocalizedString(@"Thanks, our team will review this photo.", nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        NSLog(@"[Detail] report failed: %@", error.localizedDescription);
    }];
}

@end
