//
//  ImageDownloader.m
//  PhotoHub
//

#import "ImageDownloader.h"

@interface ImageDownloader () <NSURLSessionDataDelegate>
@property (nonatomic, strong) NSURLSession *session;
@property (nonatomic, strong, readwrite) NSCache<NSURL *, UIImage *> *cache;
@property (atomic, assign, readwrite) NSUInteger activeDownloadCount;
@property (nonatomic, strong) NSMutableDictionary<NSNumber *, NSMutableData *> *buffers;
@property (nonatomic, strong) NSMutableDictionary<NSNumber *, ImageDownloadCompletion> *completionHandlers;
@property (nonatomic, strong) NSLock *lock;
@end

@implementation ImageDownloader

- (instancetype)init {
    self = [super init];
    if (self) {
        NSURLSessionConfiguration *cfg = [NSURLSessionConfiguration defaultSessionConfiguration];
        cfg.requestCachePolicy = NSURLRequestReturnCacheDataElseLoad;
        cfg.HTTPMaximumConnectionsPerHost = 4;
        // Delegate callbacks let us accumulate and decode the data off the main thread.
        self.session = [NSURLSession sessionWithConfiguration:cfg delegate:self delegateQueue:nil];
        _cache = [[NSCache alloc] init];
        _cache.totalCostLimit = 64 * 1024 * 1024;
        _buffers = [NSMutableDictionary dictionary];
        _completionHandlers = [NSMutableDictionary dictionary];
        _lock = [[NSLock alloc] init];
    }
    return self;
}

- (nullable NSURLSessionDataTask *)downloadImageAtURL:(NSURL *)url completion:(ImageDownloadCompletion)completion {
    UIImage *cached = [self.cache objectForKey:url];
    if (cached) {
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(cached, nil);
        });
        return nil;
    }

    NSURLSessionDataTask *task = [self.session dataTaskWithURL:url];
    NSNumber *key = @(task.taskIdentifier);
    [self.lock lock];
    self.buffers[key] = [NSMutableData data];
    self.completionHandlers[key] = [completion copy];
    [self.lock unlock];

    self.activeDownloadCount += 1;
    [task resume];
    return task;
}

#pragma mark - NSURLSessionDataDelegate

- (void)URLSession:(NSURLSession *)session dataTask:(NSURLSessionDataTask *)dataTask didReceiveData:(NSData *)data {
    NSNumber *key = @(dataTask.taskIdentifier);
    [self.lock lock];
    [self.buffers[key] appendData:data];
    [self.lock unlock];
}

- (void)URLSession:(NSURLSession *)session task:(NSURLSessionTask *)task didCompleteWithError:(nullable NSError *)error {
    NSNumber *key = @(task.taskIdentifier);
    [self.lock lock];
    NSData *data = self.buffers[key];
    ImageDownloadCompletion completion = self.completionHandlers[key];
    [self.buffers removeObjectForKey:key];
    [self.completionHandlers removeObjectForKey:key];
    [self.lock unlock];
    self.activeDownloadCount -= 1;

    UIImage *image = nil;
    if (!error && data.length > 0) {
        image = [UIImage imageWithData:data];
        if (image && task.originalRequest.URL) {
            [self.cache setObject:image forKey:task.originalRequest.URL cost:data.length];
        }
    }
    if (completion) {
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(image, error);
        });
    }
}

#pragma mark - Thumbnails

+ (NSURLSessionDataTask *)thumbnailTaskWithURL:(NSURL *)url completion:(ImageDownloadCompletion)completion {
    NSURLSessionDataTask *task = [[NSURLSession sharedSession] dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        UIImage *image = data ? [UIImage imageWithData:data] : nil;
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(image, error);
        });
    }];
    [task resume];
    return task;
}

@end
