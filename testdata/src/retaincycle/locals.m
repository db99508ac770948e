// retaincycle: cycles among local objects and blocks, without self
// (SEMANTICS §2): an object that keeps a block capturing the object, two
// objects that keep each other, a block that keeps itself.
#import <Foundation/Foundation.h>

@interface Request : NSObject
@property (nonatomic, copy) void (^onDone)(void);
@property (nonatomic, strong) Request *next;
@property (nonatomic, strong) Request *previous;
@property (nonatomic, weak) Request *weakPrevious;
- (void)cleanup;
- (void)start;
@end

@interface Node : NSObject
@property (nonatomic, strong) id peer;
@end

void StartAll(NSArray *urls) {
    Request *request = [[Request alloc] init];
    request.onDone = ^{ // want `retain cycle: request → onDone \(copy property\) → block → request \(captured\); the block captures request strongly and request keeps the block in its onDone property; capture a weak reference \(.__weak typeof\(request\) weakRequest = request;.\)` flow:"request → onDone \\(copy property\\) → block" flow:"block → request \\(captured\\)"
        [request cleanup];
    };
    [request start];

    // Fine: @weakify(local) / @strongify(local): the block captures the
    // weak variable @weakify made; inside it, the name is a strong local.
    Request *dance = [[Request alloc] init];
    @weakify(dance);
    dance.onDone = ^{
        @strongify(dance);
        [dance cleanup];
    };
    [dance start];

    // Still flagged: @weakify alone leaves the name strong in the block.
    Request *half = [[Request alloc] init];
    @weakify(half);
    half.onDone = ^{ // want `half → onDone \(copy property\) → block → half \(captured\)`
        [half cleanup];
    };
    [half start];

    // Fine: the block captures a weak reference to the request.
    Request *other = [[Request alloc] init];
    __weak Request *weakOther = other;
    other.onDone = ^{
        [weakOther cleanup];
    };
    [other start];

    // Fine: the block captures a different object.
    Request *first = [[Request alloc] init];
    Request *second = [[Request alloc] init];
    first.onDone = ^{
        [second cleanup];
    };

    // Loop variables are locals like any other.
    for (NSURL *url in urls) {
        Request *each = [[Request alloc] init];
        each.onDone = ^{ // want `each → onDone \(copy property\) → block → each \(captured\)`
            NSLog(@"%@ done", url);
            [each cleanup];
        };
        [each start];
    }
}

void LinkBothWays(void) {
    Request *a = [[Request alloc] init];
    Request *b = [[Request alloc] init];
    a.next = b;
    b.previous = a; // want `retain cycle: a → next \(strong property\) → b → previous \(strong property\) → a; these objects keep each other alive through strong references` flow:"a → next \\(strong property\\) → b" flow:"b → previous \\(strong property\\) → a"

    // Fine: the back link is weak.
    Request *c = [[Request alloc] init];
    Request *d = [[Request alloc] init];
    c.next = d;
    d.weakPrevious = c;
}

void IdProperties(void) {
    Node *x = [[Node alloc] init];
    Node *y = [[Node alloc] init];
    x.peer = y;
    y.peer = x; // want `x → peer \(strong property\) → y → peer \(strong property\) → x`
}

void RecursiveBlock(void) {
    // A __block variable holding the block that uses it: the block keeps
    // its own variable, which keeps the block (ARC retains __block objects).
    __block void (^countdown)(int) = nil;
    countdown = ^(int n) {
        if (n > 0) {
            countdown(n - 1); // want `retain cycle: block → countdown \(captured __block variable\) → block; the block keeps itself alive: it captures the __block variable countdown`
        }
    };
    countdown(3);

    // Fine: without __block the block captures the variable's value before
    // the assignment (nil): no cycle (and no recursion either).
    void (^once)(void) = ^{
        NSLog(@"once");
    };
    once();
}

@implementation Request
- (void)cleanup {
}
- (void)start {
}
@end

@implementation Node
@end

// A channel reached through a property and captured through a local.
@interface Channel : NSObject
@property (nonatomic, copy) void (^onClose)(void);
@property (nonatomic, copy) void (^onDrop)(void);
@end

@interface ChannelClient : NSObject
@property (nonatomic, strong) Channel *channel;
@end

@implementation ChannelClient
// Fine: the handler clears itself (and its sibling) when it runs.
- (void)open {
    self.channel = [Channel new];
    Channel *channel = self.channel;
    channel.onClose = ^{
        channel.onClose = channel.onDrop = nil;
    };
}

// Still flagged; the fix names the captured variable, not the path.
- (void)reopen {
    self.channel = [Channel new];
    Channel *channel = self.channel;
    channel.onDrop = ^{ // want `capture a weak reference \(.__weak typeof\(channel\) weakChannel = channel;.\)`
        [channel description];
    };
}
@end

@implementation Channel
@end

// A block made inside its own variable's initializer.
@interface SheetItem : NSObject
- (instancetype)initWithTitle:(NSString *)title handler:(void (^)(void))handler;
@property (nonatomic, assign) NSInteger priority;
@end

@implementation SheetItem {
    NSString *_title;
    void (^_handler)(void);
}
- (instancetype)initWithTitle:(NSString *)title handler:(void (^)(void))handler {
    if ((self = [super init])) {
        _title = title;
        _handler = handler;
    }
    return self;
}
@end

@interface SheetProvider : NSObject
@end

@implementation SheetProvider
// Fine: the block copies link while link is being initialized: nil.
- (NSArray *)items {
    SheetItem *link = [[SheetItem alloc] initWithTitle:@"Link" handler:^{
        link.priority = 100;
    }];
    return @[link];
}

// Still flagged: a __block variable is read when the block runs.
- (NSArray *)retryItems {
    __block SheetItem *retry = [[SheetItem alloc] initWithTitle:@"Retry" handler:^{ // want `retain cycle: retry → passed to -\[SheetItem initWithTitle:handler:\] \(stored argument\) → block → retry \(captured __block variable\)`
        retry.priority = 100;
    }];
    return @[retry];
}
@end

// Fine: a rotation relinks the nodes of one tree in place. The analysis
// keeps one object per reference path (root.left), whatever was stored in
// it before, so the moves look like a loop that never forms.
@interface TreeNode : NSObject
@property (nonatomic, strong) TreeNode *left;
@property (nonatomic, strong) TreeNode *right;
@end

@implementation TreeNode
@end

@interface ParentNode : NSObject
@property (nonatomic, strong) ParentNode *left;
@property (nonatomic, strong) ParentNode *parent;
@end

@implementation ParentNode
@end

void Adopt(ParentNode *node, ParentNode *leaf) {
    // A strong parent link through a reference path is a real two-way
    // link: the child keeps its parent, which keeps the child.
    node.left = leaf;
    node.left.parent = node; // want `retain cycle: node → left \(strong property\) → parent \(strong property\) → node`
}

TreeNode *RotateRight(TreeNode *root) {
    TreeNode *save = root;
    root = root.left;
    save.left = root.right;
    root.right = save;
    return root;
}
