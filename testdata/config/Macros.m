// Fixture for the weakify-macros and strongify-macros options
// (cmd/objcleak/config_test.go): a project's own weakify/strongify macros,
// which objcleak sees as plain calls. Configured, the block captures a
// weak alias of self and there is no retain cycle; unconfigured, the
// block captures self.
#import <Foundation/Foundation.h>

#define KEEP_WEAK(x) __weak __typeof__(x) x##_weak_ = x
#define KEEP_STRONG(x) __strong __typeof__(x##_weak_) x = x##_weak_

@interface Feed : NSObject
@property (nonatomic, copy) void (^onUpdate)(void);
- (void)reload;
@end

@implementation Feed

- (void)observe {
    KEEP_WEAK(self);
    self.onUpdate = ^{
        KEEP_STRONG(self);
        [self reload];
    };
}

- (void)reload {
}

@end
