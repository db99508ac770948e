// Objective-C++: errors in C++ regions are not reported (C++ is never
// analyzed); errors inside Objective-C declarations are.
#include <vector>

namespace app {
template <typename T> class Box final : public Base<T> {
  std::vector<T> items_;
 public:
  auto get() const noexcept -> const T & { return items_[0]; }
};
}  // namespace app

@implementation Bridge
- (void)run {
    [self ??? ]; // want `could not parse line 15`
}
@end
