// A file with a broken range in the middle: the methods around it are
// still extracted, and only the broken range is reported.
@implementation Partial
- (void)before {
    [self ok];
}

- (void)broken {
    SOME_TEST_MACRO(x) {
        [self ??? ];
    }
}

- (void)after {
    [self stillOk];
}
@end
