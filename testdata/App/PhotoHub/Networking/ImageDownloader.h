//
//  ImageDownloader.h
//  PhotoHub
//
//  Downloads full-size images, decoding them off the main thread.
//

#import <UIKit/UIKit.h>

NS_ASSUME_NONNULL_BEGIN

typedef void (^ImageDownloadCompletion)(UIImage * _Nullable image, NSError * _Nullable error);

@interface ImageDownloader : NSObject

/// Number of downloads in flight. Read from any thread.
@property (atomic, assign, readonly) NSUInteger activeDownloadCount;
@property (nonatomic, strong, readonly) NSCache<NSURL *, UIImage *> *cache;

/// Full-size download, cached in memory. Completion is called on the main queue.
- (nullable NSURLSessionDataTask *)downloadImageAtURL:(NSURL *)url completion:(ImageDownloadCompletion)completion;

/// Small thumbnails go through the system shared session; no progress, no caching beyond NSURLCache.
+ (NSURLSessionDataTask *)thumbnailTaskWithURL:(NSURL *)url completion:(ImageDownloadCompletion)completion;

@end

NS_ASSUME_NONNULL_END
