// Fixture for the retaincycle options (cmd/objcleak/config_test.go): a
// cycle of two references, one of three, and a cycle between classes.
#import <Foundation/Foundation.h>

@class Parent;

@interface Cell : NSObject
@property (nonatomic, copy) void (^onTap)(void);
@end

@implementation Cell
@end

@interface Child : NSObject
@property (nonatomic, strong) Parent *parent; // a strong back-pointer: the class-level cycle
@end

@implementation Child
@end

@interface Parent : NSObject
@property (nonatomic, strong) Child *child;
@property (nonatomic, strong) Cell *cell;
@property (nonatomic, copy) void (^completion)(void);
- (void)reload;
@end

@implementation Parent

- (void)twoReferences {
    self.completion = ^{ // self → completion → block → self
        [self reload];
    };
}

- (void)threeReferences {
    self.cell.onTap = ^{ // self → cell → onTap → block → self
        [self reload];
    };
}

- (void)reload {
}

@end

// The back-pointer is assigned somewhere (a back-pointer nothing assigns
// holds nothing, and its class-level cycle would not be reported).
void Adopt(Child *child, Parent *parent) {
    child.parent = parent;
}
