// Fine: everything here parses, so nothing is reported.
#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

typedef NS_ENUM(NSInteger, Mode) {
    ModeA,
    ModeB,
};

@interface Clean : NSObject
@property (nonatomic, copy) NSString *name API_AVAILABLE(ios(13.0));
- (instancetype)initWithName:(NSString *)name NS_DESIGNATED_INITIALIZER;
@end

NS_ASSUME_NONNULL_END
