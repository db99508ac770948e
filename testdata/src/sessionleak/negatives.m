// Negative cases for sessionleak: none of these leaks; each says why.
#import <Foundation/Foundation.h>
#import <AFNetworking/AFNetworking.h>

static AFHTTPSessionManager *gManager;

@interface APIClient : NSObject
@property (nonatomic, strong) AFHTTPSessionManager *manager;
+ (AFHTTPSessionManager *)sharedManager;
+ (AFHTTPSessionManager *)lazyManager;
+ (instancetype)sharedClient;
@end

@implementation APIClient
// Fine: created once per process inside dispatch_once, kept in a static.
+ (AFHTTPSessionManager *)sharedManager {
    static AFHTTPSessionManager *manager;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        manager = [AFHTTPSessionManager manager];
        manager.requestSerializer = [AFJSONRequestSerializer serializer];
    });
    return manager;
}

// Fine: a static set lazily in a class method is still one per process.
+ (AFHTTPSessionManager *)lazyManager {
    if (!gManager) {
        gManager = [[AFHTTPSessionManager alloc] initWithBaseURL:[NSURL URLWithString:@"https://example.com"]];
    }
    return gManager;
}

// Fine: APIClient itself is a singleton, so the manager made in -init is
// made once.
+ (instancetype)sharedClient {
    static APIClient *client;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        client = [[self alloc] init];
    });
    return client;
}

- (instancetype)init {
    if ((self = [super init])) {
        _manager = [AFHTTPSessionManager manager];
    }
    return self;
}
@end

@interface Uploader : NSObject
@property (nonatomic, strong) AFHTTPSessionManager *manager;
@property (nonatomic, strong) NSURLSession *session;
@end

@implementation Uploader
- (instancetype)init {
    if ((self = [super init])) {
        // Fine: invalidated in -stop, below.
        self.manager = [AFHTTPSessionManager manager];
        // Fine: the delegate is another object and the session is
        // invalidated in -stop.
        _session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration] delegate:[Helper new] delegateQueue:nil];
    }
    return self;
}

- (void)stop {
    [self.manager invalidateSessionCancelingTasks:YES];
    [self.session finishTasksAndInvalidate];
}

// Fine: invalidated (4.x spelling) inside the completion blocks.
- (void)upload:(NSData *)data {
    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager];
    [manager POST:@"/upload" parameters:nil headers:nil constructingBodyWithBlock:nil progress:nil success:^(NSURLSessionDataTask *task, id response) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
    }];
}

// Fine: the manager's session is invalidated directly.
- (void)download:(NSURL *)url {
    AFURLSessionManager *manager = [[AFURLSessionManager alloc] initWithSessionConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    [[manager downloadTaskWithRequest:[NSURLRequest requestWithURL:url] progress:nil destination:nil completionHandler:^(NSURLResponse *response, NSURL *filePath, NSError *error) {
        [manager.session finishTasksAndInvalidate];
    }] resume];
}

// Fine: the shared session is never invalidated and need not be.
- (void)fetch:(NSURL *)url {
    [[[NSURLSession sharedSession] dataTaskWithURL:url] resume];
}

// Fine: returned to the caller, who decides its lifetime.
- (AFHTTPSessionManager *)makeManager {
    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager];
    manager.responseSerializer = [AFJSONResponseSerializer serializer];
    return manager;
}

// Fine: handed to another object; objcleak does not guess what it does.
- (void)configure:(Client *)client {
    client.manager = [AFHTTPSessionManager manager];
}
@end

// Fine: the application delegate lives as long as the process.
@interface AppDelegate : UIResponder <UIApplicationDelegate>
@property (nonatomic, strong) AFHTTPSessionManager *manager;
@end

@implementation AppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {
    self.manager = [AFHTTPSessionManager manager];
    return YES;
}
@end

// Fine: a manager stored on self and invalidated in the owner's -dealloc.
// The manager does not retain its owner, so -dealloc runs.
@interface Owner : NSObject
@property (nonatomic, strong) AFHTTPSessionManager *manager;
@end

@implementation Owner
- (instancetype)init {
    if ((self = [super init])) {
        self.manager = [AFHTTPSessionManager manager];
    }
    return self;
}

- (void)dealloc {
    [_manager invalidateSessionCancelingTasks:YES resetSession:NO];
}
@end

// Fine: a singleton made with a private initializer (_init is in the init
// family too), so its one delegate session lives as long as the process.
@interface SharedDownloader : NSObject <NSURLSessionDelegate>
+ (instancetype)sharedDownloader;
@end

@implementation SharedDownloader {
    NSURLSession *_session;
}

+ (instancetype)sharedDownloader {
    static SharedDownloader *downloader;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        downloader = [[SharedDownloader alloc] _init];
    });
    return downloader;
}

- (instancetype)_init {
    if (!(self = [super init]))
        return nil;
    _session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration] delegate:self delegateQueue:nil];
    return self;
}
@end

// Fine: the manager's owner is made once, by the app object that another
// class's shared accessor keeps in a static: one manager in all.
@interface DownloadCenter : NSObject
@end

@implementation DownloadCenter {
    AFURLSessionManager *_sessionManager;
}
- (instancetype)init {
    if ((self = [super init])) {
        [self commonInit];
    }
    return self;
}
- (void)commonInit {
    _sessionManager = [[AFURLSessionManager alloc] initWithSessionConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
}
@end

@interface AppCore : NSObject
@end

@implementation AppCore {
    DownloadCenter *_downloads;
}
- (instancetype)init {
    if ((self = [super init])) {
        _downloads = [[DownloadCenter alloc] init];
    }
    return self;
}
@end

@interface AppHost : NSObject
+ (AppCore *)instance;
@end

@implementation AppHost
+ (AppCore *)instance {
    static AppCore *instance = nil;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        instance = [[AppCore alloc] init];
    });
    return instance;
}
@end

// A session per request whose delegate, self, invalidates the session its
// callback is called for when the task ends: nothing leaks.
@interface Uploader : NSObject <NSURLSessionTaskDelegate>
@end

@implementation Uploader
- (void)upload:(NSURLRequest *)request {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration] delegate:self delegateQueue:nil];
    [[session dataTaskWithRequest:request] resume];
}

- (void)URLSession:(NSURLSession *)session task:(NSURLSessionTask *)task didCompleteWithError:(NSError *)error {
    [session finishTasksAndInvalidate];
}
@end

// Fine: a shared downloader made by its own private initializer (_init,
// of the init family after its underscore) inside dispatch_once: one
// session for the whole process.
@interface ImageDownloader : NSObject <NSURLSessionDelegate>
+ (ImageDownloader *)sharedDownloader;
@end

@implementation ImageDownloader {
    NSURLSession *_session;
}
+ (ImageDownloader *)sharedDownloader {
    static ImageDownloader *shared;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        shared = [[ImageDownloader alloc] _init];
    });
    return shared;
}
- (instancetype)_init {
    if (!(self = [super init]))
        return nil;
    _session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration] delegate:self delegateQueue:nil];
    return self;
}
@end
