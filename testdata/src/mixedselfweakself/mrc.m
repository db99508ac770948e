// MRC variant: __unsafe_unretained (or __block under MRC) aliases are the
// MRC spelling of weakSelf; mixing them with self is the same slip.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface LegacyRefresher : NSObject
@property (nonatomic, copy) void (^done)(void);
@end

@implementation LegacyRefresher
- (void)refresh {
    __unsafe_unretained LegacyRefresher *weakSelf = self;
    self.done = ^{
        [weakSelf description];
        [self description]; // want `uses both weakSelf and self`
    };
}

- (void)dealloc {
    [_done release];
    [super dealloc];
}
@end
