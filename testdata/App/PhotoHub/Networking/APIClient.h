//
//  APIClient.h
//  PhotoHub
//
//  The networking layer: the app-wide API client and PHSessionManager,
//  an AFHTTPSessionManager preconfigured with the PhotoHub headers.
//

#import <Foundation/Foundation.h>
#import <AFNetworking/AFNetworking.h>

NS_ASSUME_NONNULL_BEGIN

extern NSString * const PHAPIBaseURLString;

typedef void (^APIClientCompletion)(id _Nullable responseObject, NSError * _Nullable error);

/// JSON in, JSON out, with the client and authorization headers already set.
@interface PHSessionManager : AFHTTPSessionManager
@end

/// The app-wide client. There is exactly one, and it owns one URL session.
@interface APIClient : NSObject

@property (nonatomic, strong, readonly) AFHTTPSessionManager *sessionManager;
@property (copy, nullable) NSString *authToken;

+ (instancetype)sharedClient;

- (nullable NSURLSessionDataTask *)GET:(NSString *)path
                            parameters:(nullable NSDictionary<NSString *, id> *)parameters
                            completion:(APIClientCompletion)completion;

/// Uploads a video file with a long resource timeout. Completion runs on the main queue.
- (void)uploadVideoAtURL:(NSURL *)fileURL completion:(APIClientCompletion)completion;

- (NSDictionary<NSString *, NSString *> *)authorizationHeaders;

@end

NS_ASSUME_NONNULL_END
