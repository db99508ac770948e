//
//  FeedAPIClient.h
//  PhotoHub
//
//  Pages through one feed (home or explore) and keeps its paging cursor.
//

#import <Foundation/Foundation.h>
#import <AFNetworking/AFNetworking.h>

@class Photo;

NS_ASSUME_NONNULL_BEGIN

typedef NS_ENUM(NSUInteger, FeedType) {
    FeedTypeHome,
    FeedTypeExplore,
};

typedef void (^FeedPageCompletion)(NSArray<Photo *> * _Nullable photos, BOOL hasMore, NSError * _Nullable error);

@interface FeedAPIClient : NSObject

@property (nonatomic, strong) AFHTTPSessionManager *manager;
@property (nonatomic, assign, readonly) FeedType feedType;
@property (nonatomic, copy, readonly, nullable) NSString *nextCursor;

- (instancetype)initWithFeedType:(FeedType)feedType NS_DESIGNATED_INITIALIZER;

/// Loads the first page and resets the cursor.
- (void)reloadWithCompletion:(FeedPageCompletion)completion;

/// Loads the page after `nextCursor`.
- (void)loadNextPageWithCompletion:(FeedPageCompletion)completion;

- (void)setLiked:(BOOL)liked forPhoto:(Photo *)photo completion:(nullable void (^)(BOOL success))completion;

@end

NS_ASSUME_NONNULL_END
