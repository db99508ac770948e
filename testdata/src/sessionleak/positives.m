// Positive cases for sessionleak: every line with a want comment leaks a
// session manager or a delegate session (SEMANTICS §5).
#import <Foundation/Foundation.h>
#import <AFNetworking/AFNetworking.h>

// Seed 000: a manager created in -init of an object created per screen,
// nilled in -dealloc. Still a leak.
@interface FeedClient : NSObject
@property (nonatomic, strong) AFHTTPSessionManager *manager;
@end

@implementation FeedClient
- (instancetype)init {
    self = [super init];
    if (self) {
        self.manager = [AFHTTPSessionManager manager]; // want `AFHTTPSessionManager created in -init and stored in self.manager is never invalidated: .*every FeedClient instance leaks one.*setting it to nil in -dealloc does not invalidate` related:"set to nil here" related:"declared here"
        self.manager.requestSerializer = [AFJSONRequestSerializer serializer];
        self.manager.requestSerializer.timeoutInterval = 30;
    }
    return self;
}

- (void)dealloc {
    self.manager = nil;
}
@end

// A manager created per call and used as a local.
@interface UploadService : NSObject
- (void)uploadAvatar:(NSData *)data;
- (void)pingAll:(NSArray<NSURL *> *)urls;
@end

@implementation UploadService
- (void)uploadAvatar:(NSData *)data {
    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager]; // want `AFHTTPSessionManager created per call in -uploadAvatar: is never invalidated`
    [manager POST:@"/avatar" parameters:nil headers:nil constructingBodyWithBlock:nil progress:nil success:^(NSURLSessionDataTask *task, id response) {
        NSLog(@"uploaded");
    } failure:nil];
}

// Created inline and dropped, once per loop iteration.
- (void)pingAll:(NSArray<NSURL *> *)urls {
    for (NSURL *url in urls) {
        [[[AFHTTPSessionManager alloc] initWithBaseURL:url] GET:@"/ping" parameters:nil headers:nil progress:nil success:nil failure:nil]; // want `created per loop iteration in -pingAll:`
    }
}
@end

// An ivar instead of a property, created with alloc/init.
@interface ImageClient : NSObject {
    AFURLSessionManager *_sessionManager;
}
@end

@implementation ImageClient
- (instancetype)init {
    if ((self = [super init])) {
        _sessionManager = [[AFURLSessionManager alloc] initWithSessionConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]]; // want `AFURLSessionManager created in -init and stored in _sessionManager is never invalidated`
    }
    return self;
}
@end

// An NSURLSession whose delegate is self, invalidated only in -dealloc:
// the session keeps self alive, so -dealloc never runs.
@interface Downloader : NSObject <NSURLSessionDelegate>
@property (nonatomic, strong) NSURLSession *session;
@end

@implementation Downloader
- (instancetype)init {
    if ((self = [super init])) {
        NSURLSessionConfiguration *cfg = [NSURLSessionConfiguration defaultSessionConfiguration];
        _session = [NSURLSession sessionWithConfiguration:cfg delegate:self delegateQueue:nil]; // want `NSURLSession with a delegate created in -init and stored in self.session is never invalidated.*never runs because the session keeps its delegate \(self\) alive` related:"invalidated only in -dealloc"
    }
    return self;
}

- (void)dealloc {
    [_session invalidateAndCancel];
}
@end

// A session with a delegate created per call.
@interface Prefetcher : NSObject <NSURLSessionDataDelegate>
@end

@implementation Prefetcher
- (void)prefetch:(NSURL *)url {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration ephemeralSessionConfiguration] delegate:self delegateQueue:[NSOperationQueue mainQueue]]; // want `NSURLSession with a delegate created per call in -prefetch:`
    [[session dataTaskWithURL:url] resume];
}
@end

// [self setManager:] is a store into self as well.
@interface SearchClient : NSObject
@property (nonatomic, strong) AFHTTPSessionManager *manager;
@end

@implementation SearchClient
- (void)setUp {
    [self setManager:[AFHTTPSessionManager manager]]; // want `stored in self.manager is never invalidated`
}
@end

// Invalidating in -URLSession:didBecomeInvalidWithError: proves nothing:
// it runs only once the session is already invalid.
@interface Poster : NSObject <NSURLSessionDelegate>
@end

@implementation Poster
- (void)post:(NSURLRequest *)request {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration] delegate:self delegateQueue:nil]; // want `NSURLSession with a delegate created per call in -post:`
    [[session dataTaskWithRequest:request] resume];
}

- (void)URLSession:(NSURLSession *)session didBecomeInvalidWithError:(NSError *)error {
    [session invalidateAndCancel];
}
@end
