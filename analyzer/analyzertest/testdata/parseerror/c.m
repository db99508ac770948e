@implementation C
- (void)run {
    [self leak // want "leak via self"
}
@end
