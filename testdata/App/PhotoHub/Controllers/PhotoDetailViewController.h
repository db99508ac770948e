//
//  PhotoDetailViewController.h
//  PhotoHub
//

#import <UIKit/UIKit.h>

@class Photo;

NS_ASSUME_NONNULL_BEGIN

/// Full-screen photo viewer with an auto-advancing slideshow.
@interface PhotoDetailViewController : UIViewController

@property (nonatomic, copy, readonly) NSArray<Photo *> *photos;
@property (nonatomic, assign, readonly) NSInteger currentIndex;

- (instancetype)initWithPhotos:(NSArray<Photo *> *)photos startIndex:(NSInteger)startIndex;

@end

NS_ASSUME_NONNULL_END
