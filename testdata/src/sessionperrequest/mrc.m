// MRC variant: ownership does not change the finding; an autoreleased
// per-call session still has its own connection pool.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@implementation LegacyLoader
- (void)load:(NSURL *)url {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]]; // want `NSURLSession created per call in -load:`
    [[session dataTaskWithURL:url] resume];
}

// Fine: invalidated after use.
- (void)loadOnce:(NSURL *)url {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    [[session dataTaskWithURL:url] resume];
    [session finishTasksAndInvalidate];
}

- (void)dealloc {
    [super dealloc];
}
@end
