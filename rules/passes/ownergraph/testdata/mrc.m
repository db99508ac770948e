// MRC fixture: an ivar assignment owns only what the code retains by hand.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface Legacy : NSObject {
    id _kept;
    id _borrowed;
}
@end

@implementation Legacy
- (void)assign:(id)thing {
    _kept = [thing retain];
    _borrowed = thing;
}
@end
