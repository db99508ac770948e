package gencorpus

import "strings"

// Screens of a module: the list (table, blocks, timers, observers, KVO,
// service and API calls), the detail screen and the settings screen.

func (g *gen) listController(m *module) {
	name := prefix + m.name + "ListViewController"
	c := g.newClass(m, m.dir+"/Controllers", name, "HBBaseViewController")
	e := m.entities[0]
	c.set("E", e, "Service", m.service, "API", m.api, "Cell", m.cell.name)
	c.hImports = []string{`#import "HBBaseViewController.h"`}
	c.mImports = []string{`#import "` + e + `.h"`, `#import "` + m.service + `.h"`, `#import "` + m.api + `.h"`, `#import "` + m.cell.name + `.h"`, `#import "HBLogger.h"`}
	if m.detail != "" {
		c.mImport(`#import "` + m.detail + `.h"`)
	}
	c.doc = []string{"/// The " + m.name + " list: pull to refresh, paging, live updates."}
	c.extAdopts = []string{"UITableViewDataSource", "UITableViewDelegate", m.cell.protocol, m.service + "Delegate"}
	c.st(`static void *{{Class}}ContentSizeContext = &{{Class}}ContentSizeContext;
static const NSTimeInterval {{Class}}RefreshInterval = {{t}};`, "t", itoa(g.r.between(30, 300))+".0")
	items := c.addIvar("NSMutableArray<"+e+" *> *", "items")
	c.addIvar("NSInteger", "page")
	c.addIvar("BOOL", "loading")
	c.set("items", items)
	c.addProp(true, "nonatomic, copy, nullable", "NSString *", "query", "Filters the list; nil shows everything.")
	c.addProp(true, "nonatomic, assign, readonly", "NSUInteger", "itemCount", "")
	c.addProp(false, "nonatomic, strong", "UITableView *", "tableView", "")
	c.addProp(false, "nonatomic, strong", m.service+" *", "service", "")
	c.addProp(false, "nonatomic, strong", m.api+" *", "client", "")
	c.addProp(false, "nonatomic, strong, nullable", "NSTimer *", "refreshTimer", "")
	c.addProp(false, "nonatomic, strong, nullable", "id<NSObject>", "foregroundObserver", "")
	c.addProp(false, "nonatomic, copy, nullable", "void (^%s)(void)", "reloadCompletion", "")
	c.addProp(false, "nonatomic, copy, nullable", "void (^%s)(NSArray<"+e+" *> *items)", "pageHandler", "")
	c.addProp(false, "nonatomic, copy, nullable", "void (^%s)(void)", "loadMoreHandler", "")
	c.addProp(false, "nonatomic, assign, getter=hasMore", "BOOL", "more", "")
	if m.header != "" {
		c.mImport(`#import "` + m.header + `.h"`)
		c.addProp(false, "nonatomic, strong", m.header+" *", "headerView", "")
	}

	c.pragma("Lifecycle")
	c.def("A list backed by the shared service.", "- (instancetype)init", `
    self = [super initWithNibName:nil bundle:nil];
    if (self) {
        _service = [{{Service}} sharedService];
        _client = [[{{API}} alloc] init];
        {{items}} = [NSMutableArray array];
        _more = YES;
        self.title = NSLocalizedString(@"{{M}}", nil);
    }
    return self;`)
	c.def("", "- (void)viewDidLoad", `
    [super viewDidLoad];
    self.tableView = [[UITableView alloc] initWithFrame:self.view.bounds style:UITableViewStylePlain];
    self.tableView.autoresizingMask = UIViewAutoresizingFlexibleWidth | UIViewAutoresizingFlexibleHeight;
    self.tableView.dataSource = self;
    self.tableView.delegate = self;
    self.tableView.rowHeight = UITableViewAutomaticDimension;
    self.tableView.estimatedRowHeight = {{rh}};
    [self.tableView registerClass:[{{Cell}} class] forCellReuseIdentifier:[{{Cell}} reuseIdentifier]];
    [self.view addSubview:self.tableView];

    UIRefreshControl *refresh = [[UIRefreshControl alloc] init];
    [refresh addTarget:self action:@selector(reload) forControlEvents:UIControlEventValueChanged];
    self.tableView.refreshControl = refresh;
    self.service.delegate = self;{{svcMark}}
    [self.tableView addObserver:self forKeyPath:@"contentSize" options:NSKeyValueObservingOptionNew context:{{Class}}ContentSizeContext];

    [self installHandlers];
    [self observeNotifications];
    [self reload];`, "rh", itoa(g.r.between(44, 120)), "svcMark", map[bool]string{true: "«retaincycle»"}[m.strongServiceDelegate])
	c.dealloc("[_tableView removeObserver:self forKeyPath:@\"contentSize\" context:{{Class}}ContentSizeContext];")

	// Blocks stored on self: weak references, or the bug.
	ws := c.weakSelf()
	var b strings.Builder
	switch {
	case c.bug("list.block"):
		b.WriteString(`    // After every reload: redraw and stop the spinner.
    self.reloadCompletion = ^{«retaincycle»
        [self.tableView reloadData];
        [self.tableView.refreshControl endRefreshing];
    };
`)
	case c.bug("list.ivarBlock"):
		b.WriteString(`    // Appends a page to the model.
    self.pageHandler = ^(NSArray<{{E}} *> *page) {«retaincycle»
        [{{items}} addObjectsFromArray:page];
    };
`)
	case c.bug("list.fakeWeak"):
		b.WriteString(`    typeof(self) weakSelf = self;
    self.reloadCompletion = ^{«retaincycle»
        [weakSelf.tableView reloadData];«capturedstrongself»
    };
`)
	default:
		b.WriteString(`    {{outer}}
    self.reloadCompletion = ^{
        {{inner}}
        [{{me}}.tableView reloadData];
        [{{me}}.tableView.refreshControl endRefreshing];
    };
`)
	}
	if !strings.Contains(b.String(), "pageHandler") {
		b.WriteString(`    __weak typeof(self) weakPageSelf = self;
    self.pageHandler = ^(NSArray<{{E}} *> *page) {
        __strong typeof(weakPageSelf) strongSelf = weakPageSelf;
        if (strongSelf) {
            [strongSelf->{{items}} addObjectsFromArray:page];
        }
    };
`)
	}
	b.WriteString(`    __weak typeof(self) weakLoadSelf = self;
    self.loadMoreHandler = ^{
        __strong typeof(weakLoadSelf) strongSelf = weakLoadSelf;
        if (!strongSelf || !strongSelf.hasMore) {
            return;
        }
        [strongSelf loadNextPage];
    };
`)
	if m.header != "" {
		if c.bug("list.header") {
			b.WriteString(`    self.headerView.onTap = ^{«retaincycle»
        [self.tableView setContentOffset:CGPointZero animated:YES];
    };
`)
		} else {
			b.WriteString(`    __weak typeof(self) weakHeaderSelf = self;
    self.headerView.onTap = ^{
        [weakHeaderSelf.tableView setContentOffset:CGPointZero animated:YES];
    };
    self.headerView.onFilterChange = ^(NSInteger index) {
        weakHeaderSelf.query = index == 0 ? nil : [NSString stringWithFormat:@"filter:%ld", (long)index];
        [weakHeaderSelf reload];
    };
`)
		}
	}
	c.def("", "- (void)installHandlers", strings.TrimSuffix(b.String(), "\n"), "outer", ws.outer, "inner", ws.inner, "me", ws.me)

	// Timers.
	c.pragma("Refreshing")
	if c.bug("list.timer") {
		c.def("", "- (void)viewWillAppear:(BOOL)animated", `
    [super viewWillAppear:animated];
    self.refreshTimer = [NSTimer scheduledTimerWithTimeInterval:{{Class}}RefreshInterval target:self selector:@selector(refreshTimerFired:) userInfo:nil repeats:YES];«timerleak»`)
		c.dealloc("[_refreshTimer invalidate];")
	} else if g.r.chance(500) {
		c.def("", "- (void)viewWillAppear:(BOOL)animated", `
    [super viewWillAppear:animated];
    // Pull new items while the list is on screen.
    self.refreshTimer = [NSTimer scheduledTimerWithTimeInterval:{{Class}}RefreshInterval target:self selector:@selector(refreshTimerFired:) userInfo:nil repeats:YES];`)
		c.def("", "- (void)viewWillDisappear:(BOOL)animated", `
    [super viewWillDisappear:animated];
    [self.refreshTimer invalidate];
    self.refreshTimer = nil;`)
	} else {
		ws := c.weakSelf()
		if ws.inner != "" {
			ws = selfRef{"__weak typeof(self) weakSelf = self;", "", "weakSelf"}
		}
		c.def("", "- (void)viewWillAppear:(BOOL)animated", `
    [super viewWillAppear:animated];
    {{outer}}
    self.refreshTimer = [NSTimer scheduledTimerWithTimeInterval:{{Class}}RefreshInterval repeats:YES block:^(NSTimer *timer) {
        [{{me}} refreshTimerFired:timer];
    }];`, "outer", ws.outer, "me", ws.me)
		c.def("", "- (void)viewDidDisappear:(BOOL)animated", `
    [super viewDidDisappear:animated];
    [self.refreshTimer invalidate];`)
		c.dealloc("[_refreshTimer invalidate];")
	}
	c.def("", "- (void)refreshTimerFired:(NSTimer *)timer", `
    if (self.tableView.contentOffset.y <= 0 && !{{loading}}) {
        [self reload];
    }`, "loading", "_loading")

	// Notifications.
	c.pragma("Notifications")
	switch x := g.r.intn(1000); {
	case c.bug("list.observer"):
		c.def("", "- (void)observeNotifications", `
    [[NSNotificationCenter defaultCenter] addObserverForName:{{n}} object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {«observerleak»
        [self reload];
    }];
    [[NSNotificationCenter defaultCenter] addObserver:self selector:@selector(contentSizeChanged:) name:UIContentSizeCategoryDidChangeNotification object:nil];`, "n", pick(g.r, notificationNames))
	case x < 400:
		ws := c.weakSelf()
		c.def("", "- (void)observeNotifications", `
    {{outer}}
    self.foregroundObserver = [[NSNotificationCenter defaultCenter] addObserverForName:{{n}} object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
        {{inner}}
        [{{me}} reload];
    }];
    [[NSNotificationCenter defaultCenter] addObserver:self selector:@selector(contentSizeChanged:) name:UIContentSizeCategoryDidChangeNotification object:nil];`,
			"n", pick(g.r, notificationNames), "outer", ws.outer, "inner", ws.inner, "me", ws.me)
		c.dealloc("[[NSNotificationCenter defaultCenter] removeObserver:_foregroundObserver];")
	case x < 700:
		c.def("", "- (void)observeNotifications", `
    // Removed by -stopObservingForeground when the list is closed.
    self.foregroundObserver = [[NSNotificationCenter defaultCenter] addObserverForName:{{n}} object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
        [self reload];
    }];
    [[NSNotificationCenter defaultCenter] addObserver:self selector:@selector(contentSizeChanged:) name:UIContentSizeCategoryDidChangeNotification object:nil];`, "n", pick(g.r, notificationNames))
		c.def("", "- (void)stopObservingForeground", `
    if (self.foregroundObserver) {
        [[NSNotificationCenter defaultCenter] removeObserver:self.foregroundObserver];
        self.foregroundObserver = nil;
    }`)
	default:
		c.def("", "- (void)observeNotifications", `
    NSNotificationCenter *center = [NSNotificationCenter defaultCenter];
    [center addObserver:self selector:@selector(applicationDidBecomeActive:) name:UIApplicationDidBecomeActiveNotification object:nil];
    [center addObserver:self selector:@selector(contentSizeChanged:) name:UIContentSizeCategoryDidChangeNotification object:nil];`)
		c.def("", "- (void)applicationDidBecomeActive:(NSNotification *)note", `
    if (self.isVisible) {
        [self reload];
    }`)
	}
	c.def("", "- (void)contentSizeChanged:(NSNotification *)note", `
    [self.tableView reloadData];`)
	c.dealloc("[[NSNotificationCenter defaultCenter] removeObserver:self];")

	c.pragma("KVO")
	c.def("", "- (void)observeValueForKeyPath:(nullable NSString *)keyPath ofObject:(nullable id)object change:(nullable NSDictionary<NSKeyValueChangeKey, id> *)change context:(nullable void *)context", `
    if (context == {{Class}}ContentSizeContext) {
        CGSize size = [change[NSKeyValueChangeNewKey] CGSizeValue];
        if (size.height > 0 && size.height < CGRectGetHeight(self.tableView.bounds) && self.loadMoreHandler) {
            self.loadMoreHandler();
        }
    } else {
        [super observeValueForKeyPath:keyPath ofObject:object change:change context:context];
    }`)

	// Loading.
	c.pragma("Loading")
	ws = c.weakSelf()
	switch {
	case c.bug("list.mixed"):
		c.def("Reloads from the first page.", "- (void)reload", `
    [self showLoading:YES];
    _loading = YES;
    __weak typeof(self) weakSelf = self;
    [self.service fetchItemsWithCompletion:^(NSArray<{{E}} *> *items, NSError *error) {
        [weakSelf showLoading:NO];
        [self presentErrorIfNeeded:error];«mixedselfweakself»
        [weakSelf applyItems:items];
    }];`)
	case c.bug("list.nestedStrong"):
		c.def("Reloads from the first page.", "- (void)reload", `
    [self showLoading:YES];
    _loading = YES;
    __weak typeof(self) weakSelf = self;
    [self.service fetchItemsWithCompletion:^(NSArray<{{E}} *> *items, NSError *error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) {
            return;
        }
        [strongSelf showLoading:NO];
        [strongSelf applyItems:items];
        strongSelf.reloadCompletion = ^{«retaincycle»
            [strongSelf.tableView reloadData];«capturedstrongself»
        };
    }];`)
	default:
		c.def("Reloads from the first page.", "- (void)reload", `
    [self showLoading:YES];
    _loading = YES;
    {{outer}}
    [self.service fetchItemsWithCompletion:^(NSArray<{{E}} *> *items, NSError *error) {
        {{inner}}
        [{{me}} showLoading:NO];
        [{{me}} presentErrorIfNeeded:error];
        [{{me}} applyItems:items];
    }];`, "outer", ws.outer, "inner", ws.inner, "me", ws.me)
	}
	c.def("", "- (void)presentErrorIfNeeded:(nullable NSError *)error", `
    if (error && error.code != NSURLErrorCancelled) {
        [self presentError:error];
    }`)
	c.def("", "- (void)applyItems:(nullable NSArray<{{E}} *> *)items", `
    _loading = NO;
    _page = 0;
    if (items) {
        [{{items}} setArray:items];
    }
    if (self.reloadCompletion) {
        self.reloadCompletion();
    }`)
	ws = c.weakSelf()
	c.def("", "- (void)loadNextPage", `
    if (_loading) {
        return;
    }
    _loading = YES;
    {{outer}}
    [self.client loadPage:_page + 1 completion:^(NSArray<{{E}} *> *items, BOOL hasMore, NSError *error) {
        {{inner}}
        {{me}}.more = hasMore;
        if (items.count > 0 && {{me}}.pageHandler) {
            {{me}}.pageHandler(items);
        }
        dispatch_async(dispatch_get_main_queue(), ^{
            [{{me}}.tableView reloadData];
        });
    }];
    _page += 1;`, "outer", ws.outer, "inner", ws.inner, "me", ws.me)
	c.def("", "- (NSUInteger)itemCount", `
    return {{items}}.count;`)

	// Table.
	c.pragma("UITableViewDataSource")
	c.def("", "- (NSInteger)tableView:(UITableView *)tableView numberOfRowsInSection:(NSInteger)section", `
    return (NSInteger){{items}}.count;`)
	c.def("", "- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath", `
    {{Cell}} *cell = [tableView dequeueReusableCellWithIdentifier:[{{Cell}} reuseIdentifier] forIndexPath:indexPath];
    {{E}} *item = {{items}}[indexPath.row];
    [cell configureWithItem:item];
    cell.delegate = self;
    __weak typeof(self) weakSelf = self;
    cell.onShare = ^({{E}} *shared) {
        [weakSelf shareItem:shared];
    };
    return cell;`)
	c.pragma("UITableViewDelegate")
	detail := "nil"
	if m.detail != "" {
		detail = "[[" + m.detail + " alloc] initWithItem:item]"
	}
	c.def("", "- (void)tableView:(UITableView *)tableView didSelectRowAtIndexPath:(NSIndexPath *)indexPath", `
    [tableView deselectRowAtIndexPath:indexPath animated:YES];
    {{E}} *item = {{items}}[indexPath.row];
    UIViewController *detail = {{detail}};
    if (detail) {
        [self.navigationController pushViewController:detail animated:YES];
    }`, "detail", detail)
	c.def("", "- (void)tableView:(UITableView *)tableView willDisplayCell:(UITableViewCell *)cell forRowAtIndexPath:(NSIndexPath *)indexPath", `
    if (indexPath.row + {{d}} >= (NSInteger){{items}}.count && self.loadMoreHandler) {
        self.loadMoreHandler();
    }`, "d", itoa(g.r.between(2, 10)))
	c.pragma(m.cell.protocol)
	c.def("", "- (void)"+m.cell.didTap[:len(m.cell.didTap)-1]+":({{Cell}} *)cell", `
    if (cell.item) {
        [self shareItem:cell.item];
    }`)
	c.def("", "- (void)"+strings.Replace(strings.Replace(m.cell.didToggle, ":", ":({{Cell}} *)cell ", 1), "didToggleFavorite:", "didToggleFavorite:(BOOL)favorite", 1), `
    HBLog(HBLogLevelInfo, @"favorite %@ -> %d", [cell.item displayTitle], favorite);
    [UIView animateWithDuration:0.2 animations:^{
        cell.alpha = favorite ? 1.0 : 0.8;
        self.tableView.backgroundColor = favorite ? [UIColor secondarySystemBackgroundColor] : [UIColor systemBackgroundColor];
    }];`)
	c.pragma(m.service + "Delegate")
	c.def("", "- (void)service:({{Service}} *)service didUpdateItems:(NSArray<{{E}} *> *)items", `
    [self applyItems:items];`)
	c.pragma("Sharing")
	c.def("", "- (void)shareItem:({{E}} *)item", `
    NSArray *activityItems = @[[item displayTitle]];
    UIActivityViewController *activity = [[UIActivityViewController alloc] initWithActivityItems:activityItems applicationActivities:nil];
    __weak typeof(self) weakSelf = self;
    activity.completionWithItemsHandler = ^(UIActivityType activityType, BOOL completed, NSArray *returnedItems, NSError *activityError) {
        if (completed) {
            [weakSelf trackScreen:[NSString stringWithFormat:@"share.%@", activityType]];
        }
    };
    [self presentViewController:activity animated:YES completion:nil];`)
	c.fill()
	c.finish()
}

func (g *gen) detailController(m *module) {
	name := prefix + m.name + "DetailViewController"
	c := g.newClass(m, m.dir+"/Controllers", name, "HBBaseViewController")
	m.detail = name
	e := m.entities[0]
	c.set("E", e, "Service", m.service, "API", m.api)
	c.hImports = []string{`#import "HBBaseViewController.h"`}
	c.mImports = []string{`#import "` + e + `.h"`, `#import "` + m.service + `.h"`, `#import "` + m.api + `.h"`, `#import "HBLogger.h"`, `#import "HBSessionManager.h"`}
	c.forward(e)
	c.doc = []string{"/// Shows one item, with a slideshow of its attachments."}
	c.addProp(true, "nonatomic, strong, readonly", e+" *", "item", "")
	c.addProp(false, "nonatomic, strong", m.api+" *", "client", "")
	c.addProp(false, "nonatomic, strong", "UILabel *", "titleLabel", "")
	c.addProp(false, "nonatomic, strong", "UITextView *", "bodyView", "")
	c.addProp(false, "nonatomic, strong, nullable", "NSTimer *", "slideshowTimer", "")
	c.addProp(false, "nonatomic, assign", "NSInteger", "slideIndex", "")
	c.addProp(false, "nonatomic, copy, nullable", "NSString *", "statusText", "")
	c.addProp(false, "nonatomic, copy, nullable", "NSString *", "counterText", "")
	c.addProp(false, "atomic, copy, nullable", "NSString *", "progressText", "")
	c.addProp(false, "nonatomic, strong", "dispatch_queue_t", "prefetchQueue", "")
	c.addProp(false, "nonatomic, copy, nullable", "void (^%s)(NSInteger slide)", "onSlideChange", "")
	c.pragma("Lifecycle")
	c.def("", "- (instancetype)initWithItem:({{E}} *)item", `
    self = [super initWithNibName:nil bundle:nil];
    if (self) {
        _item = item;
        _client = [[{{API}} alloc] init];
        _prefetchQueue = dispatch_queue_create("{{domain}}.detail.prefetch", DISPATCH_QUEUE_CONCURRENT);
    }
    return self;`)
	c.declare("", "- (instancetype)initWithItem:({{E}} *)item NS_DESIGNATED_INITIALIZER")
	c.declare("", "- (instancetype)initWithNibName:(nullable NSString *)nibNameOrNil bundle:(nullable NSBundle *)nibBundleOrNil NS_UNAVAILABLE")
	c.declare("", "- (nullable instancetype)initWithCoder:(NSCoder *)coder NS_UNAVAILABLE")
	c.def("", "- (void)viewDidLoad", `
    [super viewDidLoad];
    self.titleLabel = [[UILabel alloc] initWithFrame:CGRectMake(HB_DEFAULT_MARGIN, 100, CGRectGetWidth(self.view.bounds) - 2 * HB_DEFAULT_MARGIN, 32)];
    self.titleLabel.text = [self.item displayTitle];
    [self.view addSubview:self.titleLabel];
    self.bodyView = [[UITextView alloc] initWithFrame:CGRectInset(self.view.bounds, HB_DEFAULT_MARGIN, 140)];
    self.bodyView.editable = NO;
    [self.view addSubview:self.bodyView];
    self.navigationItem.rightBarButtonItem = [[UIBarButtonItem alloc] initWithBarButtonSystemItem:UIBarButtonSystemItemAction target:self action:@selector(shareTapped:)];
    [self startSlideshow];
    [self prefetchRelated];`)
	// Slideshow timer.
	c.pragma("Slideshow")
	if c.bug("detail.timer") {
		c.def("", "- (void)startSlideshow", `
    self.slideshowTimer = [NSTimer scheduledTimerWithTimeInterval:{{t}} target:self selector:@selector(nextSlide:) userInfo:nil repeats:YES];«timerleak»`, "t", itoa(g.r.between(2, 9))+".0")
		c.dealloc("[_slideshowTimer invalidate];")
	} else {
		ws := c.weakSelf()
		if ws.inner != "" {
			ws = selfRef{"__weak typeof(self) weakSelf = self;", "", "weakSelf"}
		}
		c.def("", "- (void)startSlideshow", `
    [self.slideshowTimer invalidate];
    {{outer}}
    self.slideshowTimer = [NSTimer scheduledTimerWithTimeInterval:{{t}} repeats:YES block:^(NSTimer *timer) {
        [{{me}} nextSlide:timer];
    }];`, "t", itoa(g.r.between(2, 9))+".0", "outer", ws.outer, "me", ws.me)
		c.def("", "- (void)viewWillDisappear:(BOOL)animated", `
    [super viewWillDisappear:animated];
    [self.slideshowTimer invalidate];
    self.slideshowTimer = nil;`)
	}
	c.def("", "- (void)nextSlide:(NSTimer *)timer", `
    self.slideIndex = (self.slideIndex + 1) % {{n}};
    [UIView transitionWithView:self.bodyView duration:0.3 options:UIViewAnimationOptionTransitionCrossDissolve animations:^{
        self.bodyView.text = [NSString stringWithFormat:@"%@ %ld", [self.item displayTitle], (long)self.slideIndex];
    } completion:nil];
    if (self.onSlideChange) {
        self.onSlideChange(self.slideIndex);
    }`, "n", itoa(g.r.between(3, 12)))
	// Concurrency.
	c.pragma("Prefetching")
	switch {
	case c.bug("detail.setterHeap"):
		c.def("", "- (void)prefetchRelated", `
    for (int i = 0; i < {{n}}; i++) {
        dispatch_async(self.prefetchQueue, ^{
            self.statusText = [NSString stringWithFormat:@"{{fmt}}", i];«concurrentsetter»
        });
    }`, "n", itoa(g.r.between(4, 64)), "fmt", pick(g.r, nonASCII))
	case c.bug("detail.setterConst"):
		c.def("", "- (void)prefetchRelated", `
    for (int i = 0; i < {{n}}; i++) {
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_BACKGROUND, 0), ^{
            self.statusText = @"{{w}}";«concurrentsetterconstant»
        });
    }`, "n", itoa(g.r.between(4, 64)), "w", pick(g.r, asciiWords))
	default:
		c.def("", "- (void)prefetchRelated", `
    for (int i = 0; i < {{n}}; i++) {
        dispatch_async(self.prefetchQueue, ^{
            NSString *status = [NSString stringWithFormat:@"{{fmt}}", i];
            self.progressText = status;
            dispatch_async(dispatch_get_main_queue(), ^{
                self.statusText = status;
            });
        });
    }`, "n", itoa(g.r.between(4, 64)), "fmt", pick(g.r, nonASCII))
	}
	// Sessions.
	c.pragma("Counters")
	if c.bug("detail.session") {
		c.def("", "- (void)refreshCounters", `
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration ephemeralSessionConfiguration]];«sessionperrequest»
    NSURL *url = [NSURL URLWithString:[HBAPIBaseURLString stringByAppendingString:@"/{{m}}/counters"]];
    [[session dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        HBLog(HBLogLevelDebug, @"counters: %lu bytes", (unsigned long)data.length);
    }] resume];`)
	} else {
		ws := c.weakSelf()
		c.def("", "- (void)refreshCounters", `
    NSURL *url = [NSURL URLWithString:[HBAPIBaseURLString stringByAppendingString:@"/{{m}}/counters"]];
    {{outer}}
    [[[NSURLSession sharedSession] dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        dispatch_async(dispatch_get_main_queue(), ^{
            {{inner}}
            {{me}}.counterText = [NSString stringWithFormat:@"%lu", (unsigned long)data.length];
        });
    }] resume];`, "outer", ws.outer, "inner", strings.ReplaceAll(ws.inner, "\n        ", "\n            "), "me", ws.me)
	}
	c.pragma("Actions")
	c.def("", "- (void)shareTapped:(id)sender", `
    UIActivityViewController *activity = [[UIActivityViewController alloc] initWithActivityItems:@[[self.item displayTitle]] applicationActivities:nil];
    [self presentViewController:activity animated:YES completion:^{
        [self trackScreen:@"share"];
    }];`)
	c.def("Reports the item.", "- (void)reportWithReason:(NSString *)reason", `
    [self.client reportItemWithIdentifier:[self.item displayTitle] reason:reason];
    [UIView animateWithDuration:0.25 animations:^{
        self.view.alpha = 0.6;
    } completion:^(BOOL finished) {
        [self.navigationController popViewControllerAnimated:YES];
    }];`)
	c.fill()
	c.finish()
}

func (g *gen) settingsController(m *module) {
	name := prefix + m.name + "SettingsViewController"
	c := g.newClass(m, m.dir+"/Controllers", name, "UITableViewController")
	c.hImports = []string{"#import <UIKit/UIKit.h>"}
	c.mImports = []string{`#import "HBLogger.h"`, `#import "HBMacros.h"`}
	if m.store != "" {
		c.mImport(`#import "` + m.store + `.h"`)
	}
	c.doc = []string{"/// Settings of the " + m.name + " module, stored in NSUserDefaults."}
	keys := pickN(g.r, []string{"autoplay", "notifications", "compactLayout", "prefetch", "cellular", "darkThumbnails", "sounds", "haptics"}, g.r.between(3, 6))
	var rows, cases strings.Builder
	for i, k := range keys {
		rows.WriteString(`        @"` + k + `",` + "\n")
		cases.WriteString("        case " + itoa(i) + ":\n            return NSLocalizedString(@\"" + upperFirst(k) + "\", nil);\n")
	}
	c.st(`static NSString * const {{Class}}KeyPrefix = @"{{domain}}.settings.";`)
	c.addProp(false, "nonatomic, copy", "NSArray<NSString *> *", "keys", "")
	c.addProp(false, "nonatomic, strong, nullable", "id<NSObject>", "defaultsObserver", "")
	c.pragma("Lifecycle")
	c.def("", "- (instancetype)init", `
    self = [super initWithStyle:UITableViewStyleInsetGrouped];
    if (self) {
        _keys = @[
{{rows}}        ];
        self.title = NSLocalizedString(@"Settings", nil);
    }
    return self;`, "rows", rows.String())
	ws := c.weakSelf()
	c.def("", "- (void)viewDidLoad", `
    [super viewDidLoad];
    [self.tableView registerClass:[UITableViewCell class] forCellReuseIdentifier:@"setting"];
    {{outer}}
    self.defaultsObserver = [[NSNotificationCenter defaultCenter] addObserverForName:NSUserDefaultsDidChangeNotification object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
        {{inner}}
        [{{me}}.tableView reloadData];
    }];`, "outer", ws.outer, "inner", ws.inner, "me", ws.me)
	c.dealloc("[[NSNotificationCenter defaultCenter] removeObserver:_defaultsObserver];")
	c.pragma("UITableViewDataSource")
	c.def("", "- (NSInteger)tableView:(UITableView *)tableView numberOfRowsInSection:(NSInteger)section", `
    return (NSInteger)self.keys.count;`)
	c.def("", "- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath", `
    UITableViewCell *cell = [tableView dequeueReusableCellWithIdentifier:@"setting" forIndexPath:indexPath];
    cell.textLabel.text = [self titleForRow:indexPath.row];
    UISwitch *toggle = [[UISwitch alloc] init];
    toggle.tag = indexPath.row;
    toggle.on = [[NSUserDefaults standardUserDefaults] boolForKey:[{{Class}}KeyPrefix stringByAppendingString:self.keys[indexPath.row]]];
    [toggle addTarget:self action:@selector(toggleChanged:) forControlEvents:UIControlEventValueChanged];
    cell.accessoryView = toggle;
    return cell;`)
	c.def("", "- (NSString *)titleForRow:(NSInteger)row", `
    switch (row) {
{{cases}}        default:
            return @"";
    }`, "cases", cases.String())
	c.pragma("Actions")
	c.def("", "- (void)toggleChanged:(UISwitch *)sender", `
    NSString *key = [{{Class}}KeyPrefix stringByAppendingString:self.keys[(NSUInteger)sender.tag]];
    [[NSUserDefaults standardUserDefaults] setBool:sender.isOn forKey:key];
#if TARGET_OS_SIMULATOR
    HBLog(HBLogLevelDebug, @"simulator: %@ = %d", key, sender.isOn);
#else
    HBLog(HBLogLevelInfo, @"%@ = %d", key, sender.isOn);
#endif`)
	c.fill()
	c.finish()
}
