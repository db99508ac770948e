//
//  FeedViewController.h
//  PhotoHub
//

#import <UIKit/UIKit.h>
#import "FeedAPIClient.h"

NS_ASSUME_NONNULL_BEGIN

/// An endless list of photos: the home feed or the explore feed.
@interface FeedViewController : UITableViewController

@property (nonatomic, assign, readonly) FeedType feedType;

- (instancetype)initWithFeedType:(FeedType)feedType;

@end

NS_ASSUME_NONNULL_END
