package gencorpus

import "strings"

// Non-UI classes of a module: C utilities, the service, the API client and
// the store.

func (g *gen) utilities(m *module) {
	c := g.newClass(m, m.dir+"/Support", prefix+m.name+"Utilities", "NSObject")
	c.hImports = []string{"#import <Foundation/Foundation.h>", "#import <CoreGraphics/CoreGraphics.h>", `#import "HBMacros.h"`}
	c.mImports = []string{"#import <UIKit/UIKit.h>", "#include <math.h>", "#include <string.h>"}
	c.doc = []string{"/// Stateless helpers of the " + m.name + " module. Prefer the C functions in hot paths."}
	c.set("E", m.entities[0])
	c.ht(`
/// The error domain of the {{M}} module.
HB_EXTERN NSString * const {{P}}{{M}}ErrorDomain;

/// Error codes in {{P}}{{M}}ErrorDomain.
typedef NS_ERROR_ENUM({{P}}{{M}}ErrorDomain, {{P}}{{M}}Error) {
    {{P}}{{M}}ErrorUnknown = -1,
    {{P}}{{M}}ErrorInvalidResponse = 1000,
    {{P}}{{M}}ErrorNotFound = 1001,
    {{P}}{{M}}ErrorUnauthorized = 1002,
};

/// A range of items on one page.
typedef struct {
    NSInteger offset;
    NSInteger limit;
} {{P}}{{M}}PageRange;

/// The page range for a page number (0-based) of pageSize items.
HB_EXTERN {{P}}{{M}}PageRange {{P}}{{M}}PageRangeMake(NSInteger page, NSInteger pageSize);

/// Linear interpolation between a and b.
HB_INLINE CGFloat {{P}}{{M}}Lerp(CGFloat a, CGFloat b, CGFloat t) {
    return a + (b - a) * t;
}

/// A stable hash of a string, for cache file names.
HB_EXTERN uint64_t {{P}}{{M}}StableHash(const char *bytes, size_t length);

/// Whether two floating point values are equal within epsilon.
HB_EXTERN BOOL {{P}}{{M}}NearlyEqual(double a, double b, double epsilon);

#if TARGET_OS_IOS
/// The scale of the main screen.
HB_EXTERN CGFloat {{P}}{{M}}ScreenScale(void);
#endif

`)
	c.st(`
NSString * const {{P}}{{M}}ErrorDomain = @"{{domain}}.error";

static const NSInteger {{P}}{{M}}DefaultPageSize = {{ps}};

{{P}}{{M}}PageRange {{P}}{{M}}PageRangeMake(NSInteger page, NSInteger pageSize) {
    if (pageSize <= 0) {
        pageSize = {{P}}{{M}}DefaultPageSize;
    }
    {{P}}{{M}}PageRange range;
    range.offset = MAX(page, 0) * pageSize;
    range.limit = pageSize;
    return range;
}

uint64_t {{P}}{{M}}StableHash(const char *bytes, size_t length) {
    // FNV-1a, 64-bit.
    uint64_t hash = 14695981039346656037ULL;
    for (size_t i = 0; i < length; i++) {
        hash ^= (uint8_t)bytes[i];
        hash *= 1099511628211ULL;
    }
    return hash;
}

BOOL {{P}}{{M}}NearlyEqual(double a, double b, double epsilon) {
    return fabs(a - b) <= epsilon * fmax(1.0, fmax(fabs(a), fabs(b)));
}

#if TARGET_OS_IOS
CGFloat {{P}}{{M}}ScreenScale(void) {
    static CGFloat scale = 0;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        scale = [UIScreen mainScreen].scale;
    });
    return scale;
}
#endif

static NSString *{{P}}{{M}}Trim(NSString *value) {
    return [value stringByTrimmingCharactersInSet:[NSCharacterSet whitespaceAndNewlineCharacterSet]];
}
`, "ps", itoa(g.r.between(10, 50)))
	c.pragma("Class methods")
	c.def("A cache key for an identifier and a page.", "+ (NSString *)cacheKeyForIdentifier:(NSString *)identifier page:(NSInteger)page", `
    NSString *trimmed = {{P}}{{M}}Trim(identifier);
    const char *bytes = trimmed.UTF8String;
    uint64_t hash = {{P}}{{M}}StableHash(bytes, strlen(bytes));
    return [NSString stringWithFormat:@"{{m}}-%016llx-%ld", hash, (long)page];`)
	c.def("An error in the module's domain.", "+ (NSError *)errorWithCode:({{P}}{{M}}Error)code description:(nullable NSString *)description", `
    NSMutableDictionary *userInfo = [NSMutableDictionary dictionary];
    if (description.length > 0) {
        userInfo[NSLocalizedDescriptionKey] = description;
    }
    return [NSError errorWithDomain:{{P}}{{M}}ErrorDomain code:code userInfo:userInfo];`)
	c.def("Parses a list of JSON objects, skipping the ones that are not.", "+ (NSArray *)objectsFromJSONArray:(nullable id)array", `
    if (![array isKindOfClass:[NSArray class]]) {
        return @[];
    }
    NSMutableArray *result = [NSMutableArray arrayWithCapacity:[array count]];
    for (id element in array) {
        if ([element isKindOfClass:[NSDictionary class]]) {
            [result addObject:element];
        }
    }
    return result;`)
	c.fill()
	c.finish()
}

// service writes the module's singleton service: a private concurrent
// queue with barrier writes, the shared session manager, a cache, and
// batch processing on concurrent queues.
func (g *gen) service(m *module) {
	name := prefix + m.name + "Service"
	c := g.newClass(m, m.dir+"/Services", name, "NSObject")
	m.service = name
	e := m.entities[0]
	c.set("E", e, "Completion", prefix+m.name+"FetchCompletion", "Delegate", name+"Delegate")
	c.hImports = []string{"#import <Foundation/Foundation.h>", `#import "HBMacros.h"`}
	c.mImports = []string{"#import <UIKit/UIKit.h>", `#import "` + e + `.h"`, `#import "HBSessionManager.h"`, `#import "HBLogger.h"`, `#import "` + prefix + m.name + `Utilities.h"`}
	c.forward(e)
	c.forward(name)
	c.doc = []string{"/// Loads and caches the " + m.name + " module's data. Use +sharedService."}
	c.ht(`
/// Called on the main queue with the items, or with an error.
typedef void (^{{Completion}})(NSArray<{{E}} *> * _Nullable items, NSError * _Nullable error);

/// Receives the service's updates on the main queue.
@protocol {{Delegate}} <NSObject>
- (void)service:({{Class}} *)service didUpdateItems:(NSArray<{{E}} *> *)items;
@optional
- (void)service:({{Class}} *)service didFailWithError:(NSError *)error;
@end

`)
	if c.bug("service.delegate") {
		m.strongServiceDelegate = true
		c.pub = append(c.pub, prop{attrs: "nonatomic, strong, nullable", typ: "id<{{Delegate}}>", name: "delegate", doc: "Told about updates.", bug: "strongdelegate"})
	} else {
		c.addProp(true, "nonatomic, weak, nullable", "id<"+name+"Delegate>", "delegate", "Told about updates.")
	}
	c.names["delegate"] = true
	c.addProp(true, "atomic, copy, readonly", "NSArray<"+e+" *> *", "cachedItems", "The last items loaded; safe to read from any thread.")
	c.addProp(true, "nonatomic, assign, readonly", "NSUInteger", "requestCount", "")
	c.priv = append(c.priv, prop{attrs: "atomic, copy, readwrite", typ: "NSArray<" + e + " *> *", name: "cachedItems"})
	c.priv = append(c.priv, prop{attrs: "nonatomic, assign, readwrite", typ: "NSUInteger", name: "requestCount"})
	c.addProp(false, "nonatomic, strong", "dispatch_queue_t", "workQueue", "")
	c.addProp(false, "nonatomic, strong", "dispatch_queue_t", "serialQueue", "")
	c.addProp(false, "nonatomic, strong", "NSCache<NSString *, "+e+" *> *", "cache", "")
	c.addProp(false, "nonatomic, strong, nullable", "id<NSObject>", "localeObserver", "")
	c.addIvar("NSMutableDictionary<NSString *, NSNumber *> *", "retries")

	c.pragma("Lifecycle")
	c.def("The service of the app.", "+ (instancetype)sharedService", `
    static {{Class}} *service;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        service = [[self alloc] init];
    });
    return service;`)
	ws := c.weakSelf()
	c.def("", "- (instancetype)init", `
    self = [super init];
    if (self) {
        _workQueue = dispatch_queue_create("{{domain}}.service.work", DISPATCH_QUEUE_CONCURRENT);
        _serialQueue = dispatch_queue_create("{{domain}}.service.serial", DISPATCH_QUEUE_SERIAL);
        _cache = [[NSCache alloc] init];
        _cache.countLimit = {{limit}};
        _retries = [NSMutableDictionary dictionary];
        [[NSNotificationCenter defaultCenter] addObserver:self
                                                 selector:@selector(handleMemoryWarning:)
                                                     name:UIApplicationDidReceiveMemoryWarningNotification
                                                   object:nil];
        {{outer}}
        _localeObserver = [[NSNotificationCenter defaultCenter] addObserverForName:NSCurrentLocaleDidChangeNotification object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
            {{inner}}
            [{{me}} invalidateCache];
        }];
    }
    return self;`, "limit", itoa(g.r.between(50, 500)), "outer", ws.outer, "inner", strings.ReplaceAll(ws.inner, "\n        ", "\n            "), "me", ws.me)
	c.dealloc("[[NSNotificationCenter defaultCenter] removeObserver:_localeObserver];")
	c.dealloc("[[NSNotificationCenter defaultCenter] removeObserver:self];")
	c.def("", "- (void)handleMemoryWarning:(NSNotification *)note", `
    [self.cache removeAllObjects];
    HBLog(HBLogLevelInfo, @"{{M}} cache cleared after a memory warning");`)

	c.pragma("Loading")
	c.def("Loads the first page of items.", "- (void)fetchItemsWithCompletion:({{Completion}})completion", `
    self.requestCount += 1;
    [[HBSessionManager sharedManager] fetchPath:@"/v{{v}}/{{m}}/items" parameters:@{@"limit": @{{limit}}} completion:^(id response, NSError *error) {
        if (error) {
            completion(nil, error);
            return;
        }
        NSMutableArray<{{E}} *> *items = [NSMutableArray array];
        for (NSDictionary *json in [{{P}}{{M}}Utilities objectsFromJSONArray:response[@"items"]]) {
            {{E}} *item = [[{{E}} alloc] initWithDictionary:json];
            [items addObject:item];
        }
        dispatch_barrier_async(self.workQueue, ^{
            self.cachedItems = items;
        });
        completion(items, nil);
        [self.delegate service:self didUpdateItems:items];
    }];`, "v", itoa(g.r.between(1, 3)), "limit", itoa(g.r.between(20, 100)))
	if c.bug("service.session") {
		c.def("Loads one item by identifier.", "- (void)fetchItemWithIdentifier:(NSString *)identifier completion:(void (^)({{E}} * _Nullable item, NSError * _Nullable error))completion", `
    NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration defaultSessionConfiguration];
    configuration.requestCachePolicy = NSURLRequestReloadIgnoringLocalCacheData;
    NSURLSession *session = [NSURLSession sessionWithConfiguration:configuration];«sessionperrequest»
    NSURL *url = [NSURL URLWithString:[HBAPIBaseURLString stringByAppendingFormat:@"/{{m}}/items/%@", identifier]];
    [[session dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        {{E}} *item = nil;
        if (data) {
            id json = [NSJSONSerialization JSONObjectWithData:data options:0 error:nil];
            if ([json isKindOfClass:[NSDictionary class]]) {
                item = [[{{E}} alloc] initWithDictionary:json];
            }
        }
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(item, error);
        });
    }] resume];`)
	} else {
		c.def("Loads one item by identifier.", "- (void)fetchItemWithIdentifier:(NSString *)identifier completion:(void (^)({{E}} * _Nullable item, NSError * _Nullable error))completion", `
    {{E}} *cached = [self.cache objectForKey:identifier];
    if (cached) {
        completion(cached, nil);
        return;
    }
    NSURL *url = [NSURL URLWithString:[HBAPIBaseURLString stringByAppendingFormat:@"/{{m}}/items/%@", identifier]];
    [[[NSURLSession sharedSession] dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        {{E}} *item = nil;
        if (data) {
            id json = [NSJSONSerialization JSONObjectWithData:data options:0 error:nil];
            if ([json isKindOfClass:[NSDictionary class]]) {
                item = [[{{E}} alloc] initWithDictionary:json];
                [self.cache setObject:item forKey:identifier];
            }
        }
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(item, error);
        });
    }] resume];`)
	}
	c.def("Forgets every cached item.", "- (void)invalidateCache", `
    [self.cache removeAllObjects];
    dispatch_barrier_async(self.workQueue, ^{
        self.cachedItems = @[];
    });`)

	c.pragma("Batches")
	// Concurrent writes: most are safe, a few are the bug.
	for n := g.r.between(1, 3); n > 0 && c.room(20); n-- {
		c.batch()
	}
	c.fill()
	c.finish()
}

// batch writes a method that processes a batch on a concurrent queue and
// records progress in a property.
func (c *class) batch() {
	n := c.noun()
	sel := c.uniq("process" + n + "Batch")
	// Each batch records its progress in its own property: writes through
	// different queues or locks to one property would race with each other.
	status := c.addProp(false, "nonatomic, copy, nullable", "NSString *", lowerFirst(n)+"Status", "")
	c.set("status", status)
	queue := pick(c.r, []string{"self.workQueue", "dispatch_get_global_queue(QOS_CLASS_UTILITY, 0)", "dispatch_get_global_queue(DISPATCH_QUEUE_PRIORITY_DEFAULT, 0)"})
	switch x := c.r.intn(1000); {
	case c.bug("batch.heap"):
		// A nonatomic property written concurrently with a heap string.
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSUInteger i = 0; i < names.count; i++) {
        dispatch_async({{queue}}, ^{
            self.{{status}} = [NSString stringWithFormat:@"{{fmt}}", (int)i];«concurrentsetter»
            HBLog(HBLogLevelDebug, @"%@", names[i]);
        });
    }`, "sel", sel, "queue", queue, "fmt", pick(c.r, nonASCII))
	case c.bug("batch.tagged"):
		// The same race with a tagged value: latent.
		index := c.addProp(false, "nonatomic, strong, nullable", "NSNumber *", lowerFirst(n)+"Index", "")
		c.set("index", index)
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSUInteger i = 0; i < names.count; i++) {
        dispatch_async({{queue}}, ^{
            self.{{index}} = @((int)i);«concurrentsettertagged»
        });
    }`, "sel", sel, "queue", queue)
	case x < 300:
		// Atomic: fine.
		c.set("atomic", c.addProp(false, "atomic, copy, nullable", "NSString *", lowerFirst(n)+"Name", ""))
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSUInteger i = 0; i < names.count; i++) {
        dispatch_async({{queue}}, ^{
            // An atomic property: concurrent writes are safe.
            self.{{atomic}} = [NSString stringWithFormat:@"{{fmt}}", (int)i];
        });
    }`, "sel", sel, "queue", queue, "fmt", pick(c.r, nonASCII))
	case x < 500:
		// A serial queue: fine.
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSUInteger i = 0; i < names.count; i++) {
        dispatch_async(self.serialQueue, ^{
            self.{{status}} = [NSString stringWithFormat:@"{{fmt}}", (int)i];
        });
    }`, "sel", sel, "fmt", pick(c.r, nonASCII))
	case x < 700:
		// Under a lock: fine.
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSUInteger i = 0; i < names.count; i++) {
        dispatch_async({{queue}}, ^{
            NSString *status = [NSString stringWithFormat:@"{{fmt}}", (int)i];
            @synchronized (self) {
                self.{{status}} = status;
            }
        });
    }`, "sel", sel, "queue", queue, "fmt", pick(c.r, nonASCII))
	case x < 850:
		// Barrier: fine.
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    for (NSString *name in names) {
        dispatch_barrier_async(self.workQueue, ^{
            self.{{status}} = [name uppercaseString];
        });
    }
    dispatch_async(self.workQueue, ^{
        HBLog(HBLogLevelDebug, @"batch of %lu queued", (unsigned long)names.count);
    });`, "sel", sel)
	default:
		// Work off the main queue, the write back on it: fine.
		c.def("", "- (void){{sel}}:(NSArray<NSString *> *)names", `
    dispatch_apply(names.count, dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^(size_t i) {
        NSString *status = [names[i] stringByAppendingString:@" ✓"];
        dispatch_async(dispatch_get_main_queue(), ^{
            self.{{status}} = status;
        });
    });`, "sel", sel)
	}
}

// apiClient writes the module's API client, created per screen: it uses
// the shared session manager, per-call managers that are invalidated (or,
// rarely, not), and a delegate session.
func (g *gen) apiClient(m *module) {
	name := prefix + m.name + "APIClient"
	c := g.newClass(m, m.dir+"/Networking", name, "NSObject")
	m.api = name
	c.set("E", m.entities[0])
	c.hImports = []string{"#import <Foundation/Foundation.h>", `#import "HBSessionManager.h"`}
	c.mImports = []string{"#import <AFNetworking/AFNetworking.h>", `#import "HBLogger.h"`, `#import "` + m.entities[0] + `.h"`}
	c.forward(m.entities[0])
	c.doc = []string{"/// Requests of the " + m.name + " screens. Each screen makes its own client; the", "/// network session is shared."}
	c.extAdopts = []string{"NSURLSessionDataDelegate"}
	c.addProp(true, "nonatomic, strong, readonly", "HBSessionManager *", "manager", "The shared manager.")
	c.addProp(true, "nonatomic, assign", "NSInteger", "pageSize", "Items per page; 25 unless changed.")
	c.addProp(false, "nonatomic, strong", "NSURLSession *", "uploadSession", "")
	c.addProp(false, "nonatomic, strong", "NSMutableDictionary<NSNumber *, NSMutableData *> *", "buffers", "")
	c.addProp(false, "nonatomic, copy, nullable", "NSString *", "cursor", "")
	c.pragma("Lifecycle")
	sessionBug := c.bug("api.delegateSession")
	c.def("", "- (instancetype)init", `
    self = [super init];
    if (self) {
        _manager = [HBSessionManager sharedManager];
        _pageSize = 25;
        _buffers = [NSMutableDictionary dictionary];
        NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration defaultSessionConfiguration];
        configuration.timeoutIntervalForResource = {{timeout}};
        _uploadSession = [NSURLSession sessionWithConfiguration:configuration delegate:self delegateQueue:nil];{{mark}}
    }
    return self;`, "timeout", itoa(g.r.between(60, 600)), "mark", map[bool]string{true: "«sessionleak»", false: ""}[sessionBug])
	if sessionBug {
		c.dealloc("[_uploadSession invalidateAndCancel];")
	} else {
		c.def("Cancels every request; the client cannot be used afterwards.", "- (void)invalidate", `
    [self.uploadSession invalidateAndCancel];
    [self.buffers removeAllObjects];`)
	}
	c.pragma("Requests")
	ws := c.weakSelf()
	c.def("Loads a page of items; page 0 resets the cursor.", "- (void)loadPage:(NSInteger)page completion:(void (^)(NSArray<{{E}} *> * _Nullable items, BOOL hasMore, NSError * _Nullable error))completion", `
    NSMutableDictionary *parameters = [NSMutableDictionary dictionaryWithDictionary:@{@"limit": @(self.pageSize)}];
    if (page > 0 && self.cursor) {
        parameters[@"cursor"] = self.cursor;
    }
    {{outer}}
    [self.manager fetchPath:@"/{{m}}/page" parameters:parameters completion:^(id response, NSError *error) {
        {{inner}}
        if (error) {
            completion(nil, NO, error);
            return;
        }
        {{me}}.cursor = [response[@"cursor"] isKindOfClass:[NSString class]] ? response[@"cursor"] : nil;
        NSMutableArray *items = [NSMutableArray array];
        for (NSDictionary *json in response[@"items"]) {
            [items addObject:[[{{E}} alloc] initWithDictionary:json]];
        }
        completion(items, {{me}}.cursor != nil, nil);
    }];`, "outer", ws.outer, "inner", ws.inner, "me", ws.me)
	if c.bug("api.upload") {
		c.def("Uploads data as a multipart form.", "- (void)uploadData:(NSData *)data name:(NSString *)name completion:(HBRequestCompletion)completion", `
    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager];«sessionleak»
    manager.responseSerializer = [AFJSONResponseSerializer serializer];
    [manager POST:@"{{url}}/upload" parameters:nil headers:nil constructingBodyWithBlock:^(id<AFMultipartFormData> formData) {
        [formData appendPartWithFileData:data name:@"file" fileName:name mimeType:@"application/octet-stream"];
    } progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        completion(nil, error);
    }];`, "url", "https://upload.harbor.example/"+strings.ToLower(m.name))
	} else {
		c.def("Uploads data as a multipart form.", "- (void)uploadData:(NSData *)data name:(NSString *)name completion:(HBRequestCompletion)completion", `
    // Uploads use their own manager for the longer timeout; it is
    // invalidated when the request ends.
    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager];
    manager.requestSerializer.timeoutInterval = 300;
    [manager POST:@"{{url}}/upload" parameters:nil headers:nil constructingBodyWithBlock:^(id<AFMultipartFormData> formData) {
        [formData appendPartWithFileData:data name:@"file" fileName:name mimeType:@"application/octet-stream"];
    } progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
        completion(nil, error);
    }];`, "url", "https://upload.harbor.example/"+strings.ToLower(m.name))
	}
	if c.bug("api.report") {
		c.def("Reports an item for moderation.", "- (void)reportItemWithIdentifier:(NSString *)identifier reason:(NSString *)reason", `
    HBSessionManager *manager = [[HBSessionManager alloc] initWithBaseURL:[NSURL URLWithString:HBAPIBaseURLString]];«sessionleak»
    [manager postPath:@"/{{m}}/reports" body:@{@"id": identifier, @"reason": reason} completion:^(id response, NSError *error) {
        HBLog(HBLogLevelInfo, @"report %@: %@", identifier, error ?: @"sent");
    }];`)
	} else {
		c.def("Reports an item for moderation.", "- (void)reportItemWithIdentifier:(NSString *)identifier reason:(NSString *)reason", `
    [self.manager postPath:@"/{{m}}/reports" body:@{@"id": identifier, @"reason": reason} completion:^(id response, NSError *error) {
        HBLog(HBLogLevelInfo, @"report %@: %@", identifier, error ?: @"sent");
    }];`)
	}
	c.def("Downloads the module's export to a file.", "- (void)downloadExportToURL:(NSURL *)destination completion:(void (^)(NSError * _Nullable error))completion", `
    AFURLSessionManager *manager = [[AFURLSessionManager alloc] initWithSessionConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    NSURLRequest *request = [NSURLRequest requestWithURL:[NSURL URLWithString:[HBAPIBaseURLString stringByAppendingString:@"/{{m}}/export"]]];
    NSURLSessionDownloadTask *task = [manager downloadTaskWithRequest:request progress:nil destination:^NSURL *(NSURL *targetPath, NSURLResponse *response) {
        return destination;
    } completionHandler:^(NSURLResponse *response, NSURL *filePath, NSError *error) {
        [manager.session finishTasksAndInvalidate];
        completion(error);
    }];
    [task resume];`)
	c.pragma("NSURLSessionDataDelegate")
	c.def("", "- (void)URLSession:(NSURLSession *)session dataTask:(NSURLSessionDataTask *)dataTask didReceiveData:(NSData *)data", `
    NSMutableData *buffer = self.buffers[@(dataTask.taskIdentifier)];
    if (!buffer) {
        buffer = [NSMutableData data];
        self.buffers[@(dataTask.taskIdentifier)] = buffer;
    }
    [buffer appendData:data];`)
	c.def("", "- (void)URLSession:(NSURLSession *)session task:(NSURLSessionTask *)task didCompleteWithError:(nullable NSError *)error", `
    NSData *body = self.buffers[@(task.taskIdentifier)];
    [self.buffers removeObjectForKey:@(task.taskIdentifier)];
    HBLog(error ? HBLogLevelWarning : HBLogLevelDebug, @"upload %lu finished, %lu bytes, %@", (unsigned long)task.taskIdentifier, (unsigned long)body.length, error);`)
	c.fill()
	c.finish()
}

// store writes an HBBaseStore subclass with KVO, atomic properties and a
// timer.
func (g *gen) store(m *module) {
	name := prefix + m.name + "Store"
	c := g.newClass(m, m.dir+"/Services", name, "HBBaseStore")
	m.store = name
	c.set("E", m.entities[0])
	c.hImports = []string{`#import "HBBaseStore.h"`}
	c.mImports = []string{`#import "HBLogger.h"`, `#import "` + m.entities[0] + `.h"`}
	c.doc = []string{"/// The " + m.name + " items kept on the device, saved periodically."}
	c.st(`static void *{{Class}}KVOContext = &{{Class}}KVOContext;
static NSString * const {{Class}}SortKey = @"{{domain}}.sort";`)
	c.addProp(true, "atomic, copy, nullable", "NSString *", "lastQuery", "The last search; atomic, written from the search queue.")
	c.addProp(true, "nonatomic, assign, getter=isDirty", "BOOL", "dirty", "")
	c.addProp(false, "nonatomic, strong, nullable", "NSTimer *", "saveTimer", "")
	c.addProp(false, "nonatomic, strong", "dispatch_queue_t", "searchQueue", "")
	c.pragma("Lifecycle")
	c.def("", "- (instancetype)init", `
    self = [super initWithName:@"{{m}}"];
    if (self) {
        _searchQueue = dispatch_queue_create("{{domain}}.store.search", DISPATCH_QUEUE_CONCURRENT);
        [[NSUserDefaults standardUserDefaults] addObserver:self forKeyPath:{{Class}}SortKey options:NSKeyValueObservingOptionNew context:{{Class}}KVOContext];
    }
    return self;`)
	c.dealloc("[[NSUserDefaults standardUserDefaults] removeObserver:self forKeyPath:{{Class}}SortKey context:{{Class}}KVOContext];")
	c.dealloc("[_saveTimer invalidate];")
	c.pragma("KVO")
	c.def("", "- (void)observeValueForKeyPath:(nullable NSString *)keyPath ofObject:(nullable id)object change:(nullable NSDictionary<NSKeyValueChangeKey, id> *)change context:(nullable void *)context", `
    if (context != {{Class}}KVOContext) {
        [super observeValueForKeyPath:keyPath ofObject:object change:change context:context];
        return;
    }
    HBLog(HBLogLevelDebug, @"sort order changed to %@", change[NSKeyValueChangeNewKey]);
    [self resort];`)
	c.def("Sorts the entries again.", "- (void)resort", `
    NSArray *sorted = [self.entries sortedArrayUsingComparator:^NSComparisonResult({{E}} *a, {{E}} *b) {
        return [[a displayTitle] localizedCaseInsensitiveCompare:[b displayTitle]];
    }];
    [self replaceEntries:sorted];`)
	c.pragma("Saving")
	ws := c.weakSelf()
	if ws.me == "strongSelf" || ws.inner != "" {
		ws = selfRef{"__weak typeof(self) weakSelf = self;", "", "weakSelf"}
	}
	if c.bug("store.timer") {
		c.def("Saves every few seconds while there are changes.", "- (void)startAutosave", `
    self.saveTimer = [NSTimer scheduledTimerWithTimeInterval:{{t}} target:self selector:@selector(autosave:) userInfo:nil repeats:YES];«timerleak»`, "t", itoa(g.r.between(5, 60)))
		c.def("", "- (void)stopAutosave", `
    self.dirty = NO;`)
	} else {
		c.def("Saves every few seconds while there are changes.", "- (void)startAutosave", `
    [self.saveTimer invalidate];
    {{outer}}
    self.saveTimer = [NSTimer scheduledTimerWithTimeInterval:{{t}} repeats:YES block:^(NSTimer *timer) {
        [{{me}} autosave:timer];
    }];`, "t", itoa(g.r.between(5, 60)), "outer", ws.outer, "me", ws.me)
		c.def("Stops saving.", "- (void)stopAutosave", `
    [self.saveTimer invalidate];
    self.saveTimer = nil;`)
	}
	c.def("", "- (void)autosave:(NSTimer *)timer", `
    if (!self.isDirty) {
        return;
    }
    self.dirty = NO;
    HBLog(HBLogLevelDebug, @"saving %lu {{m}} entries", (unsigned long)self.entries.count);`)
	c.def("Searches the entries off the main queue.", "- (void)searchFor:(NSString *)query completion:(void (^)(NSArray *results))completion", `
    dispatch_async(self.searchQueue, ^{
        self.lastQuery = query;
        NSMutableArray *results = [NSMutableArray array];
        [self performRead:^(NSArray *entries) {
            for ({{E}} *entry in entries) {
                if ([entry matchesQuery:query]) {
                    [results addObject:entry];
                }
            }
        }];
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(results);
        });
    });`)
	c.fill()
	c.finish()
}

// Replace expands {{…}} in a string with the class's variables.
type tmpl string

func (s tmpl) Replace(c *class) string {
	var o src
	o.add(string(s), c.vars)
	return strings.TrimSuffix(string(o.b), "\n")
}
