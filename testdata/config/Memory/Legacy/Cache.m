// Fixture for arc: false (cmd/objcleak/config_test.go): under ARC the block
// stored in the ivar keeps self alive (a retain cycle); compiled without
// ARC (-fno-objc-arc) the unqualified ivar assignment retains nothing. The
// file shows no sign of MRC itself, so only the configuration can say so.
#import <Foundation/Foundation.h>

@interface Cache : NSObject {
    void (^_onEvict)(void);
}
- (void)flush;
@end

@implementation Cache

- (void)watch {
    _onEvict = ^{
        [self flush];
    };
}

- (void)flush {
}

@end
