// MRC variant: a copied block retains the self it captures under MRC as
// well, so a dropped token leaks self the same way. A __block alias is not
// retained under MRC.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface LegacyWatcher : NSObject {
    id _token;
}
@end

@implementation LegacyWatcher
- (id)init {
    if ((self = [super init])) {
        [[NSNotificationCenter defaultCenter] addObserverForName:NSCurrentLocaleDidChangeNotification object:nil queue:nil usingBlock:^(NSNotification *note) { // want `captures self and its token is dropped`
            [self update];
        }];
        // Fine under MRC: blocks do not retain __block variables.
        __block LegacyWatcher *blockSelf = self;
        _token = [[[NSNotificationCenter defaultCenter] addObserverForName:@"Sync" object:nil queue:nil usingBlock:^(NSNotification *note) {
            [blockSelf update];
        }] retain];
    }
    return self;
}

- (void)update {
}

- (void)dealloc {
    [[NSNotificationCenter defaultCenter] removeObserver:_token];
    [_token release];
    [super dealloc];
}
@end
