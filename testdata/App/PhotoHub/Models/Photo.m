//
//  Photo.m
//  PhotoHub
//

#import "Photo.h"

@interface Photo ()
@property (nonatomic, copy, readwrite) NSString *identifier;
@property (nonatomic, assign) CGFloat width;
@property (nonatomic, assign) CGFloat height;
@end

@implementation Photo

+ (NSDateFormatter *)sharedDateFormatter {
    static NSDateFormatter *formatter = nil;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        formatter = [[NSDateFormatter alloc] init];
        formatter.locale = [NSLocale localeWithLocaleIdentifier:@"en_US_POSIX"];
        formatter.dateFormat = @"yyyy-MM-dd'T'HH:mm:ssZZZZZ";
    });
    return formatter;
}

- (nullable instancetype)initWithDictionary:(NSDictionary<NSString *, id> *)dictionary {
    NSString *identifier = dictionary[@"id"];
    NSString *imageURLString = dictionary[@"image_url"];
    if (![identifier isKindOfClass:[NSString class]] || ![imageURLString isKindOfClass:[NSString class]]) {
        return nil;
    }

    self = [super init];
    if (self) {
        _identifier = [identifier copy];
        _caption = [dictionary[@"caption"] copy] ?: @"";
        _ownerName = [dictionary[@"owner"][@"username"] copy] ?: @"";
        _imageURL = [NSURL URLWithString:imageURLString];
        NSString *thumbnail = dictionary[@"thumbnail_url"];
        if ([thumbnail isKindOfClass:[NSString class]]) {
            _thumbnailURL = [NSURL URLWithString:thumbnail];
        }
        _createdAt = [[Photo sharedDateFormatter] dateFromString:dictionary[@"created_at"]] ?: [NSDate date];
        _likeCount = [dictionary[@"like_count"] integerValue];
        _liked = [dictionary[@"liked_by_me"] boolValue];
        _visibility = (PhotoVisibility)[dictionary[@"visibility"] integerValue];
        _width = [dictionary[@"width"] doubleValue];
        _height = [dictionary[@"height"] doubleValue];
    }
    return self;
}

+ (NSArray<Photo *> *)photosFromJSONArray:(NSArray *)array {
    NSMutableArray<Photo *> *photos = [NSMutableArray arrayWithCapacity:array.count];
    for (id item in array) {
        if (![item isKindOfClass:[NSDictionary class]]) {
            continue;
        }
        Photo *photo = [[Photo alloc] initWithDictionary:item];
        if (photo) {
            [photos addObject:photo];
        }
    }
    return [photos copy];
}

- (CGFloat)aspectRatio {
    if (self.width <= 0 || self.height <= 0) {
        return 1.0;
    }
    return self.width / self.height;
}

@end
