//
//  DiagnosticsViewController.h
//  PhotoHub
//
//  Internal screen (dogfood builds only): replays upload/sync status traffic
//  and shows the event log.
//

#import <UIKit/UIKit.h>

NS_ASSUME_NONNULL_BEGIN

@interface DiagnosticsViewController : UIViewController

/// Name reported by the background uploader for the current sync run.
@property (nonatomic, copy, readonly, nullable) NSString *uploaderName;

@end

NS_ASSUME_NONNULL_END
