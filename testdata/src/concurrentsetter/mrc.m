// MRC variant: a retain or copy property's synthesized setter releases the
// old value under MRC too, so the race crashes the same way. A direct ivar
// store does not retain or release under MRC and is not reported.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface LegacyCache : NSObject {
    NSString *_key;
}
@property (nonatomic, retain) NSString *key;
@property (nonatomic, copy) NSString *label;
@property (nonatomic, assign) id owner;
@property (nonatomic) NSString *plain;
@end

@implementation LegacyCache
- (void)fill:(NSArray *)keys {
    for (NSString *k in keys) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.key = [NSString stringWithFormat:@"缓存:%@", k]; // want `nonatomic property key of LegacyCache is written.*heap object`
            [self setLabel:[[[NSString alloc] initWithFormat:@"label for %@", k] autorelease]]; // want `nonatomic property label of LegacyCache`
            // Fine: under MRC an ivar store neither retains nor releases.
            _key = [k retain];
            // Fine: assign, and (under MRC) no ownership attribute means assign.
            self.owner = k;
            self.plain = k;
        });
    }
}

- (void)dealloc {
    [_key release];
    [_label release];
    [super dealloc];
}
@end
