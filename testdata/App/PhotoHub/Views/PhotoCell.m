//
//  PhotoCell.m
//  PhotoHub
//

#import "PhotoCell.h"
#import "Photo.h"
#import "ImageDownloader.h"
#import "NSString+PHFormatting.h"

static const CGFloat PhotoCellPadding = 12.0;

@interface PhotoCell ()
@property (nonatomic, strong, readwrite) UIImageView *photoImageView;
@property (nonatomic, strong, readwrite) UILabel *ownerLabel;
@property (nonatomic, strong, readwrite) UILabel *captionLabel;
@property (nonatomic, strong, readwrite) UIButton *likeButton;
@property (nonatomic, strong, readwrite, nullable) Photo *photo;
@property (nonatomic, weak) UIButton *shareButton;
@property (nonatomic, strong, nullable) NSURLSessionDataTask *thumbnailTask;
@end

@implementation PhotoCell

+ (NSString *)reuseIdentifier {
    return @"PhotoCell";
}

- (instancetype)initWithStyle:(UITableViewCellStyle)style reuseIdentifier:(nullable NSString *)reuseIdentifier {
    self = [super initWithStyle:style reuseIdentifier:reuseIdentifier];
    if (self) {
        self.selectionStyle = UITableViewCellSelectionStyleNone;

        _photoImageView = [[UIImageView alloc] init];
        _photoImageView.contentMode = UIViewContentModeScaleAspectFill;
        _photoImageView.clipsToBounds = YES;
        _photoImageView.backgroundColor = [UIColor secondarySystemBackgroundColor];

        _ownerLabel = [[UILabel alloc] init];
        _ownerLabel.font = [UIFont boldSystemFontOfSize:15];
        _ownerLabel.userInteractionEnabled = YES;
        [_ownerLabel addGestureRecognizer:[[UITapGestureRecognizer alloc] initWithTarget:self action:@selector(ownerTapped)]];

        _captionLabel = [[UILabel alloc] init];
        _captionLabel.font = [UIFont systemFontOfSize:14];
        _captionLabel.numberOfLines = 3;

        _likeButton = [UIButton buttonWithType:UIButtonTypeSystem];
        [_likeButton addTarget:self action:@selector(likeTapped) forControlEvents:UIControlEventTouchUpInside];

        UIButton *shareButton = [UIButton buttonWithType:UIButtonTypeSystem];
        [shareButton setImage:[UIImage systemImageNamed:@"square.and.arrow.up"] forState:UIControlStateNormal];
        [shareButton addTarget:self action:@selector(shareTapped) forControlEvents:UIControlEventTouchUpInside];

        for (UIView *view in @[_ownerLabel, _photoImageView, _likeButton, shareButton, _captionLabel]) {
            [self.contentView addSubview:view];
        }
        _shareButton = shareButton;
    }
    return self;
}

- (void)layoutSubviews {
    [super layoutSubviews];
    CGFloat width = CGRectGetWidth(self.contentView.bounds);
    self.ownerLabel.frame = CGRectMake(PhotoCellPadding, PhotoCellPadding, width - 2 * PhotoCellPadding, 20);
    self.photoImageView.frame = CGRectMake(0, CGRectGetMaxY(self.ownerLabel.frame) + PhotoCellPadding, width, width);
    self.likeButton.frame = CGRectMake(PhotoCellPadding, CGRectGetMaxY(self.photoImageView.frame), 88, 44);
    self.shareButton.frame = CGRectMake(width - PhotoCellPadding - 44, CGRectGetMinY(self.likeButton.frame), 44, 44);
    self.captionLabel.frame = CGRectMake(PhotoCellPadding, CGRectGetMaxY(self.likeButton.frame), width - 2 * PhotoCellPadding, 54);
}

- (void)prepareForReuse {
    [super prepareForReuse];
    [self.thumbnailTask cancel];
    self.thumbnailTask = nil;
    self.photoImageView.image = nil;
    self.onLike = nil;
    self.onShare = nil;
    self.photo = nil;
}

- (void)configureWithPhoto:(Photo *)photo {
    self.photo = photo;
    self.ownerLabel.text = photo.ownerName;
    self.captionLabel.text = photo.caption;
    [self updateLikeButton];

    NSURL *url = photo.thumbnailURL ?: photo.imageURL;
    __weak typeof(self) weakSelf = self;
    self.thumbnailTask = [ImageDownloader thumbnailTaskWithURL:url completion:^(UIImage * _Nullable image, NSError * _Nullable error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf || strongSelf.photo != photo) {
            return;
        }
        strongSelf.photoImageView.image = image;
    }];
}

- (void)updateLikeButton {
    Photo *photo = self.photo;
    NSString *symbol = photo.isLiked ? @"heart.fill" : @"heart";
    [self.likeButton setImage:[UIImage systemImageNamed:symbol] forState:UIControlStateNormal];
    [self.likeButton setTitle:[NSString ph_abbreviatedStringForCount:photo.likeCount] forState:UIControlStateNormal];
}

#pragma mark - Actions

- (void)likeTapped {
    [self.delegate photoCellDidTapLike:self];
    if (self.onLike) {
        self.onLike();
    }
    [self updateLikeButton];
}

- (void)shareTapped {
    if (self.onShare) {
        self.onShare();
    }
}

- (void)ownerTapped {
    if ([self.delegate respondsToSelector:@selector(photoCellDidTapOwner:)]) {
        [self.delegate photoCellDidTapOwner:self];
    }
}

@end
