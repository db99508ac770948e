//
//  APIClient.m
//  PhotoHub
//

#import "APIClient.h"

NSString * const PHAPIBaseURLString = @"https://api.photohub.example.com/v2/";

@implementation PHSessionManager

- (instancetype)initWithBaseURL:(nullable NSURL *)url sessionConfiguration:(nullable NSURLSessionConfiguration *)configuration {
    self = [super initWithBaseURL:url sessionConfiguration:configuration];
    if (self) {
        self.requestSerializer = [AFJSONRequestSerializer serializer];
        self.requestSerializer.timeoutInterval = 30;
        self.responseSerializer = [AFJSONResponseSerializer serializer];
        [self.requestSerializer setValue:@"PhotoHub-iOS" forHTTPHeaderField:@"X-Client"];
        NSString *token = [APIClient sharedClient].authToken;
        if (token.length > 0) {
            [self.requestSerializer setValue:[@"Bearer " stringByAppendingString:token] forHTTPHeaderField:@"Authorization"];
        }
    }
    return self;
}

@end

@interface APIClient ()
@property (nonatomic, strong, readwrite) AFHTTPSessionManager *sessionManager;
@end

@implementation APIClient

+ (instancetype)sharedClient {
    static APIClient *sharedClient = nil;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        NSURL *baseURL = [NSURL URLWithString:PHAPIBaseURLString];
        AFHTTPSessionManager *manager = [[AFHTTPSessionManager alloc] initWithBaseURL:baseURL];
        manager.requestSerializer = [AFJSONRequestSerializer serializer];
        manager.requestSerializer.timeoutInterval = 30;
        manager.responseSerializer = [AFJSONResponseSerializer serializer];
        sharedClient = [[APIClient alloc] initWithSessionManager:manager];
    });
    return sharedClient;
}

- (instancetype)initWithSessionManager:(AFHTTPSessionManager *)sessionManager {
    self = [super init];
    if (self) {
        _sessionManager = sessionManager;
    }
    return self;
}

- (NSDictionary<NSString *, NSString *> *)authorizationHeaders {
    NSString *token = self.authToken;
    if (token.length == 0) {
        return @{};
    }
    return @{@"Authorization": [@"Bearer " stringByAppendingString:token]};
}

- (nullable NSURLSessionDataTask *)GET:(NSString *)path
                            parameters:(nullable NSDictionary<NSString *, id> *)parameters
                            completion:(APIClientCompletion)completion {
    return [self.sessionManager GET:path parameters:parameters headers:[self authorizationHeaders] progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        completion(nil, error);
    }];
}

// Videos need a much longer resource timeout than the shared session allows, so they get
// a manager of their own that lives exactly as long as the upload.
- (void)uploadVideoAtURL:(NSURL *)fileURL completion:(APIClientCompletion)completion {
    NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration defaultSessionConfiguration];
    configuration.timeoutIntervalForResource = 600;
    AFHTTPSessionManager *manager = [[AFHTTPSessionManager alloc] initWithBaseURL:[NSURL URLWithString:PHAPIBaseURLString] sessionConfiguration:configuration];
    manager.responseSerializer = [AFJSONResponseSerializer serializer];

    [manager POST:@"videos" parameters:nil headers:[self authorizationHeaders] constructingBodyWithBlock:^(id<AFMultipartFormData> formData) {
        [formData appendPartWithFileURL:fileURL name:@"video" error:NULL];
    } progress:nil success:^(NSURLSessionDataTask *task, id responseObject) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
        completion(responseObject, nil);
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        [manager invalidateSessionCancelingTasks:NO resetSession:NO];
        completion(nil, error);
    }];
}

@end
