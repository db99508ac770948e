// retaincycle: which object a variable holds where it is used. A variable
// declared in a loop body goes out of scope with it, so the outer variable
// of the same name is the one used after the loop; a variable that copied
// a reference of self holds the reference's old object once the reference
// is assigned again.
#import <Foundation/Foundation.h>

@interface Entry : NSObject
@property (nonatomic, copy) void (^onDone)(void);
@property (nonatomic, strong) NSMutableArray *children;
@end

@implementation Entry
@end

@interface Link : NSObject
@property (nonatomic, copy) void (^onDrop)(void);
@property (nonatomic, copy) void (^onRetry)(void);
@end

@implementation Link
@end

@interface Catalog : NSObject
@property (nonatomic, strong) Link *link;
@end

@implementation Catalog {
    NSMutableDictionary *_rootGroup;
    NSMutableDictionary *_currentGroup;
}

- (NSArray *)albums:(NSArray *)names {
    NSMutableArray *albums = [NSMutableArray array];
    for (NSString *name in names) {
        NSMutableDictionary *entry = [NSMutableDictionary dictionary];
        NSMutableArray *studies = [NSMutableArray array];
        for (NSString *study in names) {
            NSMutableDictionary *entry = [NSMutableDictionary dictionary];
            [entry setObject:study forKey:@"name"];
            [studies addObject:entry];
        }
        // Fine: the outer entry keeps the studies, which keep the inner
        // entries (another variable, out of scope here): a tree.
        [entry setObject:studies forKey:@"studies"];
        [albums addObject:entry];
    }
    return albums;
}

- (void)group:(NSString *)name with:(void (^)(void))addCommands {
    NSMutableDictionary *previousGroup = _currentGroup;
    _currentGroup = [[NSMutableDictionary alloc] init];
    // Fine: previousGroup holds the group that was current before, which
    // now keeps the new one: a tree of groups, not a group keeping itself.
    previousGroup[name] = _currentGroup;
    addCommands();
    _currentGroup = previousGroup;
}

- (void)connect {
    self.link = [[Link alloc] init];
    Link *link = self.link;
    link.onDrop = ^{ // want `Catalog → link \(strong property\) → onDrop \(copy property\) → block → self \(captured\)`
        self.link = nil; // runs when the link drops, not before the next statement
    };
    // link is still the object self.link holds: its block keeps it.
    link.onRetry = ^{ // want `self.link → onRetry \(copy property\) → block → link \(captured\)`
        [link description];
    };
}

- (void)track:(NSArray *)names {
    for (NSString *name in names) {
        Entry *entry = [[Entry alloc] init];
        entry.onDone = ^{ // want `entry → onDone \(copy property\) → block → entry \(captured\)`
            NSLog(@"%@ %@", name, entry);
        };
        [entry.children addObject:name];
    }
}
@end
