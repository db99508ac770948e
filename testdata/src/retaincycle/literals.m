// retaincycle: collection literals keep their elements (SEMANTICS §3).
// `@[…]` and `@{…}` make a new array or dictionary that retains each
// element (a dictionary copies its keys and retains its values), so a
// block kept in a literal that self keeps, directly or through an object
// self owns, closes a cycle. The finding is at the statement that stores
// the literal.
#import <UIKit/UIKit.h>

typedef void (^Action)(void);

@interface RenderPass : NSObject
@property (nonatomic, copy) NSArray *beginBlocks;
@end

@implementation RenderPass
@end

@interface Effect : NSObject {
    NSArray *_handlers;
    RenderPass *_pass;
}
@property (nonatomic, strong) NSArray *passes;
@property (nonatomic, copy) NSDictionary *actions;
@property (nonatomic, strong) NSArray *rows;
@property (nonatomic, strong) NSArray *titles;
@property (nonatomic, weak) NSArray *weakList;
@property (nonatomic) float size;
- (void)reload;
@end

@implementation Effect

- (void)arrayOfBlocks {
    _handlers = @[[^{ // want `retain cycle: Effect → _handlers \(strong ivar\) → element \(collection element\) → block → self \(captured\)` flow:"@\\[…\\] → element \\(collection element\\) → block"
        [self reload];
    } copy]];
}

- (void)dictionaryOfBlocks {
    self.actions = @{@"reload": ^{ // want `retain cycle: Effect → actions \(copy property\) → element \(collection element\) → block → self`
        [self reload];
    }};
}

- (void)literalInOwnedObject {
    // The render pass keeps the literal; self keeps the pass.
    RenderPass *pass = [[RenderPass alloc] init];
    pass.beginBlocks = @[^{ // want `retain cycle: Effect → passes \(strong property\) → … → block → self \(captured\) \(5 references\)` flow:"pass → beginBlocks \\(copy property\\)"
        NSLog(@"%f", self.size);
    }];
    self.passes = @[pass];
}

- (void)rowsOfDictionaries {
    // Table rows as dictionaries with an action block: each row keeps
    // its block, the array keeps the rows.
    self.rows = @[@{@"title": @"Reload", @"action": ^{ // want `retain cycle: Effect → rows \(strong property\) → element \(collection element\) → @\{…\} → element \(collection element\) → block → self`
        [self reload];
    }}];
}

- (void)mutableCopyOfLiteral {
    _pass.beginBlocks = [@[^{ // want `retain cycle: Effect → _pass \(strong ivar\) → beginBlocks \(copy property\) → element \(collection element\) → block → self`
        [self reload];
    }] mutableCopy];
}

// Negatives.

- (void)weakCapture {
    // The blocks capture a weak reference: no cycle.
    __weak typeof(self) weakSelf = self;
    self.actions = @{@"reload": ^{
        [weakSelf reload];
    }};
}

- (void)notKept {
    // A literal used and dropped: nothing keeps it after the call.
    NSArray *actions = @[^{ [self reload]; }];
    for (Action a in actions) {
        a();
    }
}

- (void)weakHolder {
    // A weak property does not keep the literal.
    self.weakList = @[^{ [self reload]; }];
}

- (void)keysAreCopied {
    // Strings and numbers hold nothing; a literal of values that are not
    // objects of the graph adds nothing.
    self.titles = @[@"a", @"b", @(self.size)];
}

- (void)reload {
}
@end
