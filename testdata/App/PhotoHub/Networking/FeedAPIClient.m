//
//  FeedAPIClient.m
//  PhotoHub
//

#import "FeedAPIClient.h"
#import "APIClient.h"
#import "Photo.h"

@interface FeedAPIClient ()
@property (nonatomic, assign, readwrite) FeedType feedType;
@property (nonatomic, copy, readwrite, nullable) NSString *nextCursor;
@property (nonatomic, strong, nullable) NSURLSessionDataTask *pageTask;
@end

@implementation FeedAPIClient

- (instancetype)init {
    return [self initWithFeedType:FeedTypeHome];
}

// Each feed screen has its own client, so paging state never mixes between tabs.
- (instancetype)initWithFeedType:(FeedType)feedType {
    self = [super init];
    if (self) {
        _feedType = feedType;
        self.manager = [AFHTTPSessionManager manager];
        self.manager.requestSerializer = [AFJSONRequestSerializer serializer];
        self.manager.requestSerializer.timeoutInterval = 30;
        self.manager.responseSerializer = [AFJSONResponseSerializer serializer];
        self.manager.responseSerializer.acceptableContentTypes = [NSSet setWithObject:@"application/json"];
    }
    return self;
}

- (void)dealloc {
    [_pageTask cancel];
    // Drop the manager together with the client.
    self.manager = nil;
}

- (NSString *)feedPath {
    NSString *name = (self.feedType == FeedTypeExplore) ? @"explore" : @"feed";
    return [PHAPIBaseURLString stringByAppendingString:name];
}

- (void)reloadWithCompletion:(FeedPageCompletion)completion {
    self.nextCursor = nil;
    [self loadPageWithCursor:nil completion:completion];
}

- (void)loadNextPageWithCompletion:(FeedPageCompletion)completion {
    if (self.nextCursor == nil || self.pageTask != nil) {
        completion(@[], NO, nil);
        return;
    }
    [self loadPageWithCursor:self.nextCursor completion:completion];
}

- (void)loadPageWithCursor:(nullable NSString *)cursor completion:(FeedPageCompletion)completion {
    [self.pageTask cancel];

    NSMutableDictionary *parameters = [NSMutableDictionary dictionaryWithObject:@30 forKey:@"limit"];
    if (cursor) {
        parameters[@"cursor"] = cursor;
    }

    __weak typeof(self) weakSelf = self;
    self.pageTask = [self.manager GET:[self feedPath] parameters:parameters headers:[[APIClient sharedClient] authorizationHeaders] progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        NSDictionary *json = [responseObject isKindOfClass:[NSDictionary class]] ? responseObject : @{};
        NSArray<Photo *> *photos = [Photo photosFromJSONArray:json[@"photos"] ?: @[]];
        NSString *next = [json[@"next_cursor"] isKindOfClass:[NSString class]] ? json[@"next_cursor"] : nil;
        strongSelf.nextCursor = next;
        strongSelf.pageTask = nil;
        completion(photos, next != nil, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        strongSelf.pageTask = nil;
        if (error.code == NSURLErrorCancelled) {
            return;
        }
        completion(nil, NO, error);
    }];
}

- (void)setLiked:(BOOL)liked forPhoto:(Photo *)photo completion:(nullable void (^)(BOOL success))completion {
    NSString *path = [PHAPIBaseURLString stringByAppendingFormat:@"photos/%@/like", photo.identifier];
    NSDictionary *headers = [[APIClient sharedClient] authorizationHeaders];
    [self.manager POST:path parameters:@{@"liked": @(liked)} headers:headers progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        if (completion) {
            completion(YES);
        }
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        if (completion) {
            completion(NO);
        }
    }];
}

@end
