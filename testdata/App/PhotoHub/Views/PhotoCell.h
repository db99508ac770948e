//
//  PhotoCell.h
//  PhotoHub
//

#import <UIKit/UIKit.h>

@class Photo;
@class PhotoCell;

NS_ASSUME_NONNULL_BEGIN

@protocol PhotoCellDelegate <NSObject>
- (void)photoCellDidTapLike:(PhotoCell *)cell;
@optional
- (void)photoCellDidTapOwner:(PhotoCell *)cell;
@end

@interface PhotoCell : UITableViewCell

@property (nonatomic, weak, nullable) id<PhotoCellDelegate> delegate;

/// Called when the like button is tapped, in addition to the delegate.
@property (nonatomic, copy, nullable) void (^onLike)(void);
/// Called when the share button is tapped.
@property (nonatomic, copy, nullable) void (^onShare)(void);

@property (nonatomic, strong, readonly) UIImageView *photoImageView;
@property (nonatomic, strong, readonly) UILabel *ownerLabel;
@property (nonatomic, strong, readonly) UILabel *captionLabel;
@property (nonatomic, strong, readonly) UIButton *likeButton;
@property (nonatomic, strong, readonly, nullable) Photo *photo;

+ (NSString *)reuseIdentifier;

- (void)configureWithPhoto:(Photo *)photo;

@end

NS_ASSUME_NONNULL_END
