// Positive and negative cases for sessionperrequest (SEMANTICS §5, last
// paragraph): a delegate-less NSURLSession made for each request.
#import <Foundation/Foundation.h>

@interface ImageLoader : NSObject
@property (nonatomic, strong) NSURLSession *session;
@end

@implementation ImageLoader
- (void)load:(NSURL *)url {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]]; // want `NSURLSession created per call in -load:`
    [[session dataTaskWithURL:url] resume];
}

- (void)loadAll:(NSArray<NSURL *> *)urls {
    for (NSURL *url in urls) {
        [[[NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration ephemeralSessionConfiguration] delegate:nil delegateQueue:nil] dataTaskWithURL:url] resume]; // want `NSURLSession created per loop iteration in -loadAll:`
    }
}

// Fine: one session per loader, created once in -init.
- (instancetype)init {
    if ((self = [super init])) {
        _session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    }
    return self;
}

// Fine: the shared session.
- (void)loadShared:(NSURL *)url {
    [[[NSURLSession sharedSession] dataTaskWithURL:url] resume];
}

// Fine: torn down as soon as its task completes.
- (void)loadOnce:(NSURL *)url {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    [[session dataTaskWithURL:url] resume];
    [session finishTasksAndInvalidate];
}

// Fine: created once per process.
+ (NSURLSession *)backgroundSession {
    static NSURLSession *session;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    });
    return session;
}
@end

// A session made in a C helper function, per call.
static void Ping(NSURL *url) {
    NSURLSession *s = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]]; // want `NSURLSession created per call in Ping\(\)`
    [[s dataTaskWithURL:url] resume];
}
