//
//  ProfileViewController.h
//  PhotoHub
//

#import <UIKit/UIKit.h>

NS_ASSUME_NONNULL_BEGIN

/// A user's profile: avatar, follower count and pinned photo. Editable when it is the signed-in user.
@interface ProfileViewController : UIViewController

@property (nonatomic, copy, readonly) NSString *username;

- (instancetype)initWithUsername:(NSString *)username;

@end

NS_ASSUME_NONNULL_END
