// Bodies: sends, calls, assignments by target kind, locals with
// qualifiers, blocks and the names they use, macros, singletons, loops.
#import "classes.h"

static Base *gShared;
static NSString * const kKey = @"key";

@implementation Base
@synthesize name = _name, count;
@dynamic view;

+ (instancetype)sharedBase {
    static Base *shared;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        shared = [[self alloc] initWithName:@"shared"];
    });
    return shared;
}

- (instancetype)initWithName:(NSString *)name {
    if ((self = [super init])) {
        _name = [name copy];
        self.items = @[@"a", @"b"];
        self->_count = 0;
        [self setCount:1];
        other.name = name;
    }
    return self;
}

- (void)work {
    __weak typeof(self) weakSelf = self;
    __weak __typeof__(self) weakSelf2 = self;
    NSObject * __weak weak3 = self;
    __block NSInteger total = 0;
    self.handler = ^(BOOL ok) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        total += 1;
        [strongSelf.view setNeedsLayout];
        dispatch_async(dispatch_get_main_queue(), ^{
            [strongSelf helper];
            _count++;
        });
    };
    @weakify(self);
    [self load:url completion:^(NSData *data) {
        @strongify(self);
        [self helper];
    }];
    for (NSString *s in self.items) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.name = [NSString stringWithFormat:@"%@ %d", s, 1];
        });
    }
    @synchronized (self) {
        _name = @"locked";
    }
    objc_setAssociatedObject(self, &kKey, self.handler, OBJC_ASSOCIATION_COPY_NONATOMIC);
    NSNumber *n = @(total + 1);
    NSDictionary *d = @{@"k": @42, @"yes": @YES};
    SEL sel = @selector(load:completion:);
    id r = ^NSString *(int x) { return weakSelf2.name; };
}

- (void)dealloc {
    [_name release];
    [super dealloc];
}
@end

void Helper(int x) {
    Base *b = [Base new];
    [b work];
}

typedef NSString *(^Transform)(NSString *input);

static void Blocks(void) {
    void (^done)(void) = ^{ Helper(1); };
    Transform t = ^NSString *(NSString *input) { return input; };
    done();
}
