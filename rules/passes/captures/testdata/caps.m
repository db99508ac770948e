@interface Owner : NSObject {
    NSMutableArray *_items;
}
@property (nonatomic, copy) void (^done)(void);
@property (nonatomic, strong) NSString *name;
@end

@implementation Owner
- (void)run:(NSString *)arg {
    __weak typeof(self) weakSelf = self;
    __weak __typeof__(self) weakSelf2 = self;
    Owner * __weak weak3 = self;
    __block NSInteger counter = 0;
    __block Owner *blockOwner = self;
    typeof(self) wself = self;
    NSString *local = @"x";
    self.done = ^{                              // block0
        [self reload];
    };
    self.done = ^{                              // block1
        [_items addObject:local];
    };
    self.done = ^{                              // block2
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [strongSelf.name length];
        dispatch_async(dispatch_get_main_queue(), ^{   // block3
            [strongSelf reload];
        });
    };
    self.done = ^{                              // block4
        [wself reload];
        counter++;
        [blockOwner reload];
        [weak3 reload];
        [weakSelf2 reload];
        [arg length];
    };
    @weakify(self);
    self.done = ^{                              // block5
        @strongify(self);
        [self reload];
    };
    self.done = ^{                              // block6
        [weakSelf reload];
        [self.name length];
    };
}

+ (void)classMethod {
    dispatch_async(q, ^{ [self reload]; });     // block0 of the class method
}
@end

@implementation Nested
- (void)nested {
    @weakify(self);
    self.done = ^{                              // block0
        @strongify(self);
        dispatch_async(q, ^{                    // block1
            [self reload];
        });
    };
}
@end
