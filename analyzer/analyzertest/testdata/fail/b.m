// Each line below fails the harness in a different way.
@implementation B
- (void)run {
    [self leak];
    [self fine]; // want "leak"
    [other leak]; // want "leak via self"
    [self leak]; // want "leak via self" related:"nothing like this"
    [self leak]; // want "leak via self" flow:"second" flow:"first"
}
@end
