// Fixture for the summaries pass: how long each method keeps the blocks
// it is given.
#import <Foundation/Foundation.h>

typedef void (^Done)(BOOL ok);

@interface EventBus : NSObject
@property (nonatomic, copy) void (^handler)(void);
@property (nonatomic, copy) void (^pending)(void);
@property (nonatomic, strong) NSMutableArray *observers;
@end

@implementation EventBus {
    void (^_saved)(void);
}
// Stored in a property nothing clears.
- (void)onEvent:(void (^)(void))block {
    self.handler = block;
}
// Called before returning: not kept.
- (void)perform:(void (^)(void))block {
    if (block) {
        block();
    }
}
// Kept until it has run: dispatched.
- (void)later:(Done)done {
    dispatch_async(dispatch_get_main_queue(), ^{
        done(YES);
    });
}
// Stored, but cleared once it has run (-finish): until run, although
// stored in a property.
- (void)fetchWithCompletion:(void (^)(void))completion {
    self.pending = completion;
}
- (void)finish {
    void (^p)(void) = self.pending;
    self.pending = nil;
    p();
}
// Passed on to a method that stores it: stored.
- (void)forward:(void (^)(void))block {
    [self onEvent:block];
}
// Passed on to a method that only calls it: not kept.
- (void)relay:(void (^)(void))block {
    [self perform:block];
}
// Added to a collection: stored.
- (void)observe:(void (^)(void))block {
    [self.observers addObject:block];
}
// Recursion settles on what the body shows.
- (void)retry:(void (^)(void))block count:(int)n {
    if (n > 0) {
        [self retry:block count:n - 1];
    } else {
        block();
    }
}
// Copied and returned: the caller decides.
- (id)wrap:(void (^)(void))block {
    return [block copy];
}
// Copied into an ivar nothing clears: stored.
- (void)keepCopy:(void (^)(void))block {
    _saved = [block copy];
}
// A factory that hands its block to an initializer that stores it.
+ (instancetype)busWithHandler:(void (^)(void))block {
    return [[self alloc] initWithHandler:block];
}
- (instancetype)initWithHandler:(void (^)(void))block {
    if ((self = [super init])) {
        _saved = [block copy];
    }
    return self;
}
@end

// A C function that stores its block in a global.
static void (^gHook)(void);
static void setHook(void (^hook)(void)) {
    gHook = hook;
}
static void runNow(void (^fn)(void)) {
    fn();
}

// Class factories: +sheetWithAction: keeps its block only in the sheet it
// makes and returns; +installAction: keeps it in a global too; +sheet
// makes one with no arguments; +sharedSheet is a shared accessor.
static id gLastAction;
@interface Sheet : NSObject
@property (nonatomic, copy) void (^action)(void);
+ (instancetype)sheetWithAction:(void (^)(void))action;
+ (instancetype)installAction:(void (^)(void))action;
+ (instancetype)sheet;
+ (instancetype)sharedSheet;
+ (instancetype)sheetWithTitle:(NSString *)title action:(void (^)(void))action;
+ (instancetype)loggedSheetWithAction:(void (^)(void))action;
@end
@implementation Sheet
+ (instancetype)sheetWithAction:(void (^)(void))action {
    Sheet *sheet = [[Sheet alloc] init];
    sheet.action = action;
    return sheet;
}
+ (instancetype)installAction:(void (^)(void))action {
    Sheet *sheet = [[Sheet alloc] init];
    sheet.action = action;
    gLastAction = action;
    return sheet;
}
+ (instancetype)sheet { return [[Sheet alloc] init]; }
+ (instancetype)sharedSheet { return nil; }
+ (instancetype)sheetWithTitle:(NSString *)title action:(void (^)(void))action {
    return [self sheetWithAction:action];
}
+ (instancetype)loggedSheetWithAction:(void (^)(void))action {
    [self remember:action];
    return [self sheetWithAction:action];
}
+ (void)remember:(void (^)(void))action {
    gLastAction = action;
}
@end

// Where arguments are kept: an assignment to an ivar, a setter sent to
// self, an element of a collection of self.
@interface Holder : NSObject
@property (nonatomic, strong) id target;
@property (nonatomic, strong) NSMutableArray *items;
@end

@implementation Holder {
    id _other;
}
- (void)attach:(id)target {
    [self setTarget:target];
}
- (void)keepOther:(id)other {
    _other = other;
}
- (void)add:(id)item {
    [self.items addObject:item];
}
- (void)setTarget:(id)target {
    _target = target;
}
@end
