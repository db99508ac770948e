package gencorpus

// The Common module: the project's macros header, logging (C functions),
// the base view controller and store, the shared session manager (a
// project subclass of AFHTTPSessionManager) and the app delegate.

const commonDir = appName + "/Common"

func (g *gen) common() {
	g.macrosHeader()
	if g.full() {
		return
	}
	g.logging()
	for _, f := range []func(){g.baseViewController, g.sessionManager, g.baseStore, g.appDelegate} {
		if g.full() {
			return
		}
		f()
	}
}

const macrosH = `//
//  HBMacros.h
//  Harbor
//
//  Project-wide macros. Keep this header free of imports other than
//  Foundation: it is included by every file of the app.
//

#import <Foundation/Foundation.h>

#ifndef HB_MACROS_H
#define HB_MACROS_H

#pragma mark - Linkage

#ifdef __cplusplus
#define HB_EXTERN extern "C" __attribute__((visibility("default")))
#else
#define HB_EXTERN extern __attribute__((visibility("default")))
#endif

#define HB_INLINE static inline
#define HB_UNAVAILABLE(msg) __attribute__((unavailable(msg)))
#define HB_REQUIRES_SUPER __attribute__((objc_requires_super))
#define HB_SUBCLASSING_RESTRICTED __attribute__((objc_subclassing_restricted))
#define HB_WARN_UNUSED __attribute__((warn_unused_result))

#pragma mark - Weak and strong references

#define HB_CONCAT_(A, B) A ## B
#define HB_CONCAT(A, B) HB_CONCAT_(A, B)

/**
 * @weakify(self) declares self_weak_, a weak reference to self, for the
 * blocks that follow. Use @strongify(self) as the first statement of each
 * block to get a strong self back for the duration of the block.
 */
#define weakify(VAR) \
    autoreleasepool {} \
    __weak __typeof__(VAR) HB_CONCAT(VAR, _weak_) = (VAR)

/// Re-declares VAR as a strong local of the block, from VAR_weak_.
#define strongify(VAR) \
    autoreleasepool {} \
    _Pragma("clang diagnostic push") \
    _Pragma("clang diagnostic ignored \"-Wshadow\"") \
    __strong __typeof__(VAR) VAR = HB_CONCAT(VAR, _weak_); \
    _Pragma("clang diagnostic pop")

/// Statement forms of the same, for files that avoid the @ spelling.
#define HB_WEAKIFY(VAR) __weak __typeof__(VAR) HB_CONCAT(VAR, _weakRef) = (VAR)
#define HB_STRONGIFY(VAR) __strong __typeof__(VAR) VAR = HB_CONCAT(VAR, _weakRef)

#pragma mark - Assertions

#if DEBUG
#define HBAssertMainThread() NSAssert([NSThread isMainThread], @"%s must run on the main thread", __PRETTY_FUNCTION__)
#define HBAssertNotNil(X) NSAssert((X) != nil, @"%s is nil", #X)
#else
#define HBAssertMainThread() do {} while (0)
#define HBAssertNotNil(X) do {} while (0)
#endif

#pragma mark - Localization

#define HBLocalized(KEY) NSLocalizedStringFromTable((KEY), @"Harbor", nil)
#define HBLocalizedFormat(KEY, ...) [NSString stringWithFormat:HBLocalized(KEY), __VA_ARGS__]

#pragma mark - Geometry

#define HB_HAIRLINE (1.0 / [UIScreen mainScreen].scale)
#define HB_DEFAULT_MARGIN 16.0
#define HB_MIN_TAP_SIZE 44.0

#pragma mark - Colors

#define HBColorFromRGB(RGB) [UIColor colorWithRed:(((RGB) >> 16) & 0xFF) / 255.0 \
                                            green:(((RGB) >> 8) & 0xFF) / 255.0 \
                                             blue:((RGB) & 0xFF) / 255.0 \
                                            alpha:1.0]

#pragma mark - Versions

#define HB_SYSTEM_VERSION_AT_LEAST(V) \
    ([[[UIDevice currentDevice] systemVersion] compare:(V) options:NSNumericSearch] != NSOrderedAscending)

#pragma mark - Collections

/// The object at index, or nil when index is out of bounds.
HB_INLINE id _Nullable HBObjectAtIndex(NSArray *_Nullable array, NSUInteger index) {
    return index < array.count ? array[index] : nil;
}

/// The string value of a JSON field, or nil when the field is missing or not a string.
HB_INLINE NSString *_Nullable HBStringValue(id _Nullable value) {
    if ([value isKindOfClass:[NSString class]]) {
        return value;
    }
    if ([value isKindOfClass:[NSNumber class]]) {
        return [value stringValue];
    }
    return nil;
}

/// The integer value of a JSON field, or fallback.
HB_INLINE NSInteger HBIntegerValue(id _Nullable value, NSInteger fallback) {
    if ([value respondsToSelector:@selector(integerValue)]) {
        return [value integerValue];
    }
    return fallback;
}

/// A URL from a JSON string field, or nil.
HB_INLINE NSURL *_Nullable HBURLValue(id _Nullable value) {
    NSString *string = HBStringValue(value);
    return string.length > 0 ? [NSURL URLWithString:string] : nil;
}

#endif /* HB_MACROS_H */
`

func (g *gen) macrosHeader() {
	s := &src{}
	s.add(macrosH, nil)
	g.emit(commonDir+"/HBMacros.h", s)
}

func (g *gen) logging() {
	c := g.newClass(nil, commonDir, "HBLogger", "NSObject")
	c.hImports = []string{"#import <Foundation/Foundation.h>", `#import "HBMacros.h"`}
	c.doc = []string{"/// Collects log lines in memory for the in-app diagnostics screen."}
	c.ht(`
/// Log levels, from the most to the least verbose.
typedef NS_ENUM(NSInteger, HBLogLevel) {
    HBLogLevelDebug = 0,
    HBLogLevelInfo,
    HBLogLevelWarning,
    HBLogLevelError,
    HBLogLevelOff,
};

/// Options of the log output.
typedef NS_OPTIONS(NSUInteger, HBLogOptions) {
    HBLogOptionsNone = 0,
    HBLogOptionsTimestamps = 1 << 0,
    HBLogOptionsThreadNames = 1 << 1,
    HBLogOptionsColors = 1 << 2,
};

/// Writes one log line when level is at least the current level.
HB_EXTERN void HBLog(HBLogLevel level, NSString *format, ...) NS_FORMAT_FUNCTION(2, 3);

/// The current log level; HBLogLevelInfo unless changed.
HB_EXTERN HBLogLevel HBCurrentLogLevel(void);

/// Changes the log level for the whole process.
HB_EXTERN void HBSetLogLevel(HBLogLevel level);

/// A short upper-case name of level, e.g. "WARN".
HB_EXTERN NSString *HBLogLevelName(HBLogLevel level);

`)
	c.st(`
static HBLogLevel gLogLevel = HBLogLevelInfo;
static HBLogOptions gLogOptions = HBLogOptionsTimestamps;

HBLogLevel HBCurrentLogLevel(void) {
    return gLogLevel;
}

void HBSetLogLevel(HBLogLevel level) {
    gLogLevel = level;
}

NSString *HBLogLevelName(HBLogLevel level) {
    switch (level) {
        case HBLogLevelDebug:
            return @"DEBUG";
        case HBLogLevelInfo:
            return @"INFO";
        case HBLogLevelWarning:
            return @"WARN";
        case HBLogLevelError:
            return @"ERROR";
        case HBLogLevelOff:
            return @"OFF";
    }
    return @"?";
}

void HBLog(HBLogLevel level, NSString *format, ...) {
    if (level < gLogLevel || gLogLevel == HBLogLevelOff) {
        return;
    }
    va_list args;
    va_start(args, format);
    NSString *message = [[NSString alloc] initWithFormat:format arguments:args];
    va_end(args);
    NSMutableString *line = [NSMutableString string];
    if (gLogOptions & HBLogOptionsTimestamps) {
        [line appendFormat:@"%.3f ", [NSDate timeIntervalSinceReferenceDate]];
    }
    if (gLogOptions & HBLogOptionsThreadNames) {
        [line appendFormat:@"[%@] ", [NSThread isMainThread] ? @"main" : @"bg"];
    }
    [line appendFormat:@"%@ %@", HBLogLevelName(level), message];
    [[HBLogger sharedLogger] appendLine:line];
#if DEBUG
    NSLog(@"%@", line);
#endif
}
`)
	c.addProp(true, "nonatomic, assign", "NSUInteger", "capacity", "How many lines are kept; older lines are dropped.")
	c.addProp(true, "atomic, copy, readonly", "NSArray<NSString *> *", "lines", "The kept lines, oldest first.")
	c.priv = append(c.priv, prop{attrs: "nonatomic, strong", typ: "dispatch_queue_t", name: "queue"})
	c.priv = append(c.priv, prop{attrs: "nonatomic, strong", typ: "NSMutableArray<NSString *> *", name: "buffer"})
	c.names["queue"], c.names["buffer"] = true, true
	c.pragma("Lifecycle")
	c.def("The process-wide logger.", "+ (instancetype)sharedLogger", `
    static HBLogger *logger;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        logger = [[HBLogger alloc] init];
    });
    return logger;`)
	c.def("", "- (instancetype)init", `
    self = [super init];
    if (self) {
        _capacity = 500;
        _buffer = [NSMutableArray arrayWithCapacity:_capacity];
        _queue = dispatch_queue_create("com.harbor.logger", DISPATCH_QUEUE_SERIAL);
    }
    return self;`)
	c.pragma("Lines")
	c.def("Appends a line; safe from any thread.", "- (void)appendLine:(NSString *)line", `
    dispatch_async(self.queue, ^{
        [self.buffer addObject:line];
        while (self.buffer.count > self.capacity) {
            [self.buffer removeObjectAtIndex:0];
        }
    });`)
	c.def("", "- (NSArray<NSString *> *)lines", `
    __block NSArray<NSString *> *copy;
    dispatch_sync(self.queue, ^{
        copy = [self.buffer copy];
    });
    return copy;`)
	c.def("Removes every line.", "- (void)clear", `
    dispatch_async(self.queue, ^{
        [self.buffer removeAllObjects];
    });`)
	c.fill()
	c.finish()
}

func (g *gen) baseViewController() {
	c := g.newClass(nil, commonDir, "HBBaseViewController", "UIViewController")
	c.hImports = []string{"#import <UIKit/UIKit.h>", `#import "HBMacros.h"`}
	c.mImports = []string{`#import "HBLogger.h"`}
	c.doc = []string{"/// The superclass of every screen: loading state, errors and screen tracking."}
	c.addProp(true, "nonatomic, assign, getter=isVisible", "BOOL", "visible", "YES between viewDidAppear: and viewWillDisappear:.")
	c.addProp(true, "nonatomic, copy, nullable", "NSString *", "screenName", "The name sent to analytics; the class name when nil.")
	c.addProp(false, "nonatomic, strong", "UIActivityIndicatorView *", "spinner", "")
	c.addProp(false, "nonatomic, strong, nullable", "NSDate *", "appearedAt", "")
	c.pragma("Lifecycle")
	c.def("", "- (void)viewDidLoad", `
    [super viewDidLoad];
    self.view.backgroundColor = [UIColor systemBackgroundColor];
    self.spinner = [[UIActivityIndicatorView alloc] initWithActivityIndicatorStyle:UIActivityIndicatorViewStyleMedium];
    self.spinner.hidesWhenStopped = YES;
    self.spinner.translatesAutoresizingMaskIntoConstraints = NO;
    [self.view addSubview:self.spinner];
    [NSLayoutConstraint activateConstraints:@[
        [self.spinner.centerXAnchor constraintEqualToAnchor:self.view.centerXAnchor],
        [self.spinner.centerYAnchor constraintEqualToAnchor:self.view.centerYAnchor],
    ]];`)
	c.def("", "- (void)viewDidAppear:(BOOL)animated", `
    [super viewDidAppear:animated];
    self.visible = YES;
    self.appearedAt = [NSDate date];
    [self trackScreen:self.screenName ?: NSStringFromClass([self class])];`)
	c.def("", "- (void)viewWillDisappear:(BOOL)animated", `
    [super viewWillDisappear:animated];
    self.visible = NO;
    if (self.appearedAt) {
        HBLog(HBLogLevelDebug, @"%@ visible for %.1fs", NSStringFromClass([self class]), -[self.appearedAt timeIntervalSinceNow]);
    }`)
	c.pragma("Loading and errors")
	c.def("Shows or hides the spinner.", "- (void)showLoading:(BOOL)loading", `
    HBAssertMainThread();
    if (loading) {
        [self.spinner startAnimating];
    } else {
        [self.spinner stopAnimating];
    }`)
	c.def("Presents error in an alert, unless the screen is gone.", "- (void)presentError:(NSError *)error", `
    if (!self.isVisible || self.presentedViewController) {
        HBLog(HBLogLevelWarning, @"error while hidden: %@", error);
        return;
    }
    UIAlertController *alert = [UIAlertController alertControllerWithTitle:HBLocalized(@"error.title")
                                                                   message:error.localizedDescription
                                                            preferredStyle:UIAlertControllerStyleAlert];
    [alert addAction:[UIAlertAction actionWithTitle:HBLocalized(@"ok") style:UIAlertActionStyleDefault handler:nil]];
    [self presentViewController:alert animated:YES completion:nil];`)
	c.def("Records a screen view.", "- (void)trackScreen:(NSString *)name", `
    HBLog(HBLogLevelInfo, @"screen %@", name);`)
	c.fill()
	c.finish()
}

func (g *gen) sessionManager() {
	c := g.newClass(nil, commonDir, "HBSessionManager", "AFHTTPSessionManager")
	c.hImports = []string{"#import <Foundation/Foundation.h>", "#import <AFNetworking/AFNetworking.h>", `#import "HBMacros.h"`}
	c.mImports = []string{`#import "HBLogger.h"`}
	c.doc = []string{"/// JSON in, JSON out, with the Harbor headers already set. Use +sharedManager."}
	c.ht(`
/// The completion of every Harbor request, called on the main queue.
typedef void (^HBRequestCompletion)(id _Nullable responseObject, NSError * _Nullable error);

/// The API base URL of the current environment.
HB_EXTERN NSString * const HBAPIBaseURLString;

`)
	c.st(`
#if DEBUG
NSString * const HBAPIBaseURLString = @"https://staging.api.harbor.example";
#else
NSString * const HBAPIBaseURLString = @"https://api.harbor.example";
#endif
`)
	c.addProp(true, "copy, nullable", "NSString *", "authToken", "The bearer token sent with every request; atomic, set from the login flow.")
	c.pragma("Lifecycle")
	c.def("The one manager of the app.", "+ (instancetype)sharedManager", `
    static HBSessionManager *manager;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration defaultSessionConfiguration];
        configuration.timeoutIntervalForRequest = 30;
        configuration.HTTPMaximumConnectionsPerHost = 4;
        manager = [[HBSessionManager alloc] initWithBaseURL:[NSURL URLWithString:HBAPIBaseURLString] sessionConfiguration:configuration];
    });
    return manager;`)
	c.def("", "- (instancetype)initWithBaseURL:(nullable NSURL *)url sessionConfiguration:(nullable NSURLSessionConfiguration *)configuration", `
    self = [super initWithBaseURL:url sessionConfiguration:configuration];
    if (self) {
        self.requestSerializer = [AFJSONRequestSerializer serializer];
        self.responseSerializer = [AFJSONResponseSerializer serializer];
        [self.requestSerializer setValue:@"Harbor-iOS" forHTTPHeaderField:@"X-Client"];
    }
    return self;`)
	c.pragma("Requests")
	c.def("GET path; completion runs on the main queue.", "- (nullable NSURLSessionDataTask *)fetchPath:(NSString *)path parameters:(nullable NSDictionary *)parameters completion:(HBRequestCompletion)completion", `
    NSDictionary *headers = self.authToken ? @{@"Authorization": [@"Bearer " stringByAppendingString:self.authToken]} : nil;
    return [self GET:path parameters:parameters headers:headers progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        HBLog(HBLogLevelWarning, @"GET %@ failed: %@", path, error);
        completion(nil, error);
    }];`)
	c.def("POST path with a JSON body.", "- (nullable NSURLSessionDataTask *)postPath:(NSString *)path body:(nullable NSDictionary *)body completion:(HBRequestCompletion)completion", `
    return [self POST:path parameters:body headers:nil progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        completion(nil, error);
    }];`)
	c.fill()
	c.finish()
}

func (g *gen) baseStore() {
	c := g.newClass(nil, commonDir, "HBBaseStore", "NSObject")
	c.hImports = []string{"#import <Foundation/Foundation.h>", `#import "HBMacros.h"`}
	c.doc = []string{"/// A thread-safe list of entries: reads run concurrently, writes with a barrier."}
	c.addProp(true, "atomic, copy, readonly", "NSArray *", "entries", "The current entries; safe to read from any thread.")
	c.addProp(true, "nonatomic, copy, readonly", "NSString *", "name", "The store's name, used in queue labels and logs.")
	c.addProp(false, "nonatomic, strong", "dispatch_queue_t", "isolationQueue", "")
	c.addIvar("NSMutableArray *", "storage")
	c.pragma("Lifecycle")
	c.def("", "- (instancetype)initWithName:(NSString *)name", `
    self = [super init];
    if (self) {
        _name = [name copy];
        _storage = [NSMutableArray array];
        NSString *label = [@"com.harbor.store." stringByAppendingString:name];
        _isolationQueue = dispatch_queue_create(label.UTF8String, DISPATCH_QUEUE_CONCURRENT);
    }
    return self;`)
	c.pragma("Entries")
	c.def("", "- (NSArray *)entries", `
    __block NSArray *result;
    dispatch_sync(self.isolationQueue, ^{
        result = [self->_storage copy];
    });
    return result;`)
	c.def("Replaces every entry.", "- (void)replaceEntries:(NSArray *)entries", `
    dispatch_barrier_async(self.isolationQueue, ^{
        [self->_storage setArray:entries];
    });`)
	c.def("Appends entries.", "- (void)appendEntries:(NSArray *)entries", `
    dispatch_barrier_async(self.isolationQueue, ^{
        [self->_storage addObjectsFromArray:entries];
    });`)
	c.def("Runs block with the entries on the store's queue.", "- (void)performRead:(void (NS_NOESCAPE ^)(NSArray *entries))block", `
    dispatch_sync(self.isolationQueue, ^{
        block(self->_storage);
    });`)
	c.fill()
	c.finish()
}

func (g *gen) appDelegate() {
	c := g.newClass(nil, appName+"/App", "HBAppDelegate", "UIResponder")
	c.adopts = []string{"UIApplicationDelegate"}
	c.hImports = []string{"#import <UIKit/UIKit.h>"}
	c.mImports = []string{`#import "HBLogger.h"`, `#import "HBSessionManager.h"`, "#import <AFNetworking/AFNetworking.h>"}
	c.doc = []string{"/// The application delegate: window, appearance and the shared network state."}
	c.addProp(true, "nonatomic, strong, nullable", "UIWindow *", "window", "")
	c.addProp(false, "nonatomic, strong", "AFNetworkReachabilityManager *", "reachability", "")
	c.addProp(false, "nonatomic, strong", "NSURLSession *", "backgroundSession", "")
	c.pragma("UIApplicationDelegate")
	c.def("", "- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(nullable NSDictionary<UIApplicationLaunchOptionsKey, id> *)launchOptions", `
#if DEBUG
    HBSetLogLevel(HBLogLevelDebug);
#else
    HBSetLogLevel(HBLogLevelWarning);
#endif
    self.window = [[UIWindow alloc] initWithFrame:[UIScreen mainScreen].bounds];
    self.window.tintColor = HBColorFromRGB(0x1E6FD9);
    [self.window makeKeyAndVisible];

    // The app delegate lives as long as the process: this session needs no invalidation.
    NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration backgroundSessionConfigurationWithIdentifier:@"com.harbor.background"];
    self.backgroundSession = [NSURLSession sessionWithConfiguration:configuration delegate:nil delegateQueue:[NSOperationQueue mainQueue]];

    self.reachability = [AFNetworkReachabilityManager sharedManager];
    [self.reachability setReachabilityStatusChangeBlock:^(AFNetworkReachabilityStatus status) {
        HBLog(HBLogLevelInfo, @"reachability %ld", (long)status);
    }];
    [self.reachability startMonitoring];
    [HBSessionManager sharedManager].authToken = [[NSUserDefaults standardUserDefaults] stringForKey:@"auth.token"];
    return YES;`)
	c.def("", "- (void)applicationDidEnterBackground:(UIApplication *)application", `
    HBLog(HBLogLevelInfo, @"background, %lu log lines", (unsigned long)[HBLogger sharedLogger].lines.count);`)
	c.def("", "- (void)applicationWillTerminate:(UIApplication *)application", `
    [self.reachability stopMonitoring];`)
	c.fill()
	c.finish()
}
