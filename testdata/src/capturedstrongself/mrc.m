// MRC variant: a fake weakSelf is as strong under MRC (a copied block
// retains the object variables it captures); __block is not retained
// under MRC, so a __block alias is a (dangerous but) non-owning capture.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface LegacyLoader : NSObject
@property (nonatomic, copy) void (^done)(void);
@end

@implementation LegacyLoader
- (void)load {
    LegacyLoader *weakSelf = self;
    self.done = ^{
        [weakSelf description]; // want `weakSelf is not weak`
    };
}

// Fine under MRC: __block variables are not retained by blocks.
- (void)loadBlockAlias {
    __block LegacyLoader *blockSelf = self;
    self.done = ^{
        [blockSelf description];
    };
}

- (void)dealloc {
    [_done release];
    [super dealloc];
}
@end
