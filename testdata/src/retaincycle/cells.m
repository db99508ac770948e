// retaincycle: list views keep their cells (SEMANTICS §3, model/views.go).
// A table or collection view keeps the cells it shows and reuses; the view
// controller keeps the table (a strong reference, or a weak outlet into
// the view hierarchy it owns). A block a cell keeps that captures the view
// controller closes a cycle: controller → table view → cell → block →
// controller. The blocks one cell keeps are one finding.
#import <UIKit/UIKit.h>

@interface PhotoCell : UITableViewCell
@property (nonatomic, copy) void (^onLike)(void);
@property (nonatomic, copy) void (^onShare)(void);
@end

@implementation PhotoCell
@end

@interface GridCell : UICollectionViewCell
@property (nonatomic, copy) void (^onTap)(void);
@end

@implementation GridCell
@end

@interface FeedController : UIViewController <UITableViewDataSource, UITableViewDelegate>
@property (nonatomic, strong) UITableView *tableView;
@end

@implementation FeedController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    cell.onLike = ^{ // want `retain cycle: FeedController → tableView \(strong property\) → cell \(kept by the list view\) → onLike \(copy property\) → block → self \(captured\)` related:"the cell keeps another block that captures self here" flow:"self.tableView → cell \\(kept by the list view\\)"
        [self like];
    };
    cell.onShare = ^{
        [self share];
    };
    return cell;
}

- (void)tableView:(UITableView *)tableView didSelectRowAtIndexPath:(NSIndexPath *)indexPath {
    // A visible cell is kept by the table too.
    PhotoCell *cell = (PhotoCell *)[tableView cellForRowAtIndexPath:indexPath];
    cell.onLike = ^{ // want `retain cycle: FeedController → tableView \(strong property\) → cell \(kept by the list view\) → onLike`
        [self like];
    };
}

- (void)like {
}
- (void)share {
}
@end

@interface OutletController : UIViewController <UICollectionViewDataSource>
@property (nonatomic, weak) IBOutlet UICollectionView *grid;
@end

@implementation OutletController
- (UICollectionViewCell *)collectionView:(UICollectionView *)collectionView cellForItemAtIndexPath:(NSIndexPath *)indexPath {
    GridCell *cell = [collectionView dequeueReusableCellWithReuseIdentifier:@"grid" forIndexPath:indexPath];
    // The weak outlet points into the view hierarchy the controller keeps.
    cell.onTap = ^{ // want `retain cycle: OutletController → grid \(weak outlet, kept by the view hierarchy\) → cell \(kept by the list view\) → onTap`
        [self open];
    };
    return cell;
}
- (void)open {
}
@end

@interface SettingsController : UITableViewController
@end

@implementation SettingsController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"row"];
    if (!cell) {
        cell = [[PhotoCell alloc] initWithStyle:UITableViewCellStyleDefault reuseIdentifier:@"row"];
    }
    // The returned cell is kept by the table, the controller's own view.
    cell.onLike = ^{ // want `retain cycle: SettingsController → tableView \(the controller's view\) → cell \(kept by the list view\) → onLike`
        [self reload];
    };
    return cell;
}
- (void)reload {
}
@end

// A table view class from a pod the project does not include: its name
// says it is a table view.
@interface FormController : UIViewController <UITableViewDataSource>
@property (nonatomic, strong) KeyboardAvoidingTableView *form;
@end

@implementation FormController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"field"];
    cell.onLike = ^{ // want `retain cycle: FormController → form \(strong property\) → cell \(kept by the list view\) → onLike`
        [self submit];
    };
    return cell;
}
- (void)submit {
}
@end

// Negatives.

@interface WeakFeedController : UIViewController <UITableViewDataSource>
@property (nonatomic, strong) UITableView *tableView;
@end

@implementation WeakFeedController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    // The blocks capture a weak reference: no cycle.
    __weak typeof(self) weakSelf = self;
    cell.onLike = ^{
        [weakSelf like];
    };
    return cell;
}
- (void)like {
}
@end

// A data source that does not own the table: the table keeps the cell,
// the cell keeps the data source, but nothing the data source owns keeps
// the table.
@interface FeedDataSource : NSObject <UITableViewDataSource>
@end

@implementation FeedDataSource
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    cell.onLike = ^{
        [self like];
    };
    return cell;
}
- (void)like {
}
@end

// Two tables: which one asks for the cell is not known, so neither is
// taken to keep it.
@interface SplitController : UIViewController <UITableViewDataSource>
@property (nonatomic, strong) UITableView *left;
@property (nonatomic, strong) UITableView *right;
@end

@implementation SplitController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    cell.onLike = ^{
        [self like];
    };
    return cell;
}
- (void)like {
}
@end

// A view (not a view controller) with a weak reference to a table: the
// table belongs to someone else's view hierarchy.
@interface FeedPanel : UIView <UITableViewDataSource>
@property (nonatomic, weak) UITableView *table;
@end

@implementation FeedPanel
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    cell.onLike = ^{
        [self setNeedsLayout];
    };
    return cell;
}
@end

// A project class named like a table view that is not one: no list view.
@interface PriceTableView : NSObject
@end
@implementation PriceTableView
@end

@interface PriceController : UIViewController <UITableViewDataSource>
@property (nonatomic, strong) PriceTableView *prices;
@end

@implementation PriceController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"price"];
    cell.onLike = ^{
        [self reload];
    };
    return cell;
}
- (void)reload {
}
@end
