//
//  Photo.h
//  PhotoHub
//
//  A photo as returned by the feed and profile endpoints.
//

#import <Foundation/Foundation.h>
#import <CoreGraphics/CoreGraphics.h>

NS_ASSUME_NONNULL_BEGIN

typedef NS_ENUM(NSInteger, PhotoVisibility) {
    PhotoVisibilityPublic = 0,
    PhotoVisibilityFollowers,
    PhotoVisibilityPrivate,
};

@interface Photo : NSObject

@property (nonatomic, copy, readonly) NSString *identifier;
@property (nonatomic, copy) NSString *caption;
@property (nonatomic, copy) NSString *ownerName;
@property (nonatomic, strong) NSURL *imageURL;
@property (nonatomic, strong, nullable) NSURL *thumbnailURL;
@property (nonatomic, strong) NSDate *createdAt;
@property (nonatomic, assign) NSInteger likeCount;
@property (nonatomic, assign, getter=isLiked) BOOL liked;
@property (nonatomic, assign) PhotoVisibility visibility;
@property (nonatomic, readonly) CGFloat aspectRatio;

- (nullable instancetype)initWithDictionary:(NSDictionary<NSString *, id> *)dictionary;

/// Parses an array of JSON dictionaries, skipping entries that are not valid photos.
+ (NSArray<Photo *> *)photosFromJSONArray:(NSArray *)array;

@end

NS_ASSUME_NONNULL_END
