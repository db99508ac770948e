package gencorpus

// The vocabulary of the generated app, "Harbor": a made-up iOS app with
// one module per feature.

const (
	prefix  = "HB"
	appName = "Harbor"
)

var moduleNames = []string{
	"Feed", "Profile", "Inbox", "Payments", "Search", "Settings", "Onboarding", "Media",
	"Maps", "Analytics", "Sync", "Storage", "Account", "Notifications", "Catalog", "Checkout",
	"Comments", "Stories", "Camera", "Player", "Downloads", "Calendar", "Contacts", "Wallet",
	"Rewards", "Reviews", "Orders", "Tracking", "Support", "Sharing", "Library", "Editor",
	"Filters", "Explore", "Trips", "Weather", "Fitness", "Journal", "Chat", "Groups",
}

var entityNames = []string{
	"Item", "Post", "Album", "Photo", "Track", "Order", "Message", "Thread", "Card", "Coupon",
	"Venue", "Route", "Note", "Tag", "Event", "Badge", "Invoice", "Receipt", "Clip", "Story",
	"Member", "Device", "Playlist", "Reminder", "Offer", "Ticket", "Folder", "Draft", "Sticker", "Place",
}

// fieldNames are object-valued model fields: name, type.
var objectFields = [][2]string{
	{"identifier", "NSString *"}, {"title", "NSString *"}, {"subtitle", "NSString *"},
	{"summary", "NSString *"}, {"authorName", "NSString *"}, {"imageURL", "NSURL *"},
	{"createdAt", "NSDate *"}, {"updatedAt", "NSDate *"}, {"tags", "NSArray<NSString *> *"},
	{"metadata", "NSDictionary<NSString *, id> *"}, {"thumbnailURL", "NSURL *"},
	{"locale", "NSString *"}, {"checksum", "NSString *"}, {"rating", "NSNumber *"},
	{"attachments", "NSArray<NSURL *> *"}, {"detailText", "NSString *"},
}

var scalarFields = [][2]string{
	{"count", "NSInteger"}, {"position", "NSUInteger"}, {"score", "CGFloat"},
	{"duration", "NSTimeInterval"}, {"width", "CGFloat"}, {"height", "CGFloat"},
	{"version", "int32_t"}, {"flags", "uint64_t"}, {"priority", "NSInteger"},
	{"progress", "double"}, {"size", "CGSize"}, {"origin", "CGPoint"},
}

var boolFields = []string{"liked", "hidden", "pinned", "archived", "muted", "verified", "selected", "expired"}

var verbs = []string{
	"refresh", "reload", "sync", "prefetch", "archive", "restore", "share", "publish",
	"download", "upload", "validate", "merge", "export", "import", "schedule", "cancel",
	"rebuild", "compact", "migrate", "resolve",
}

var nouns = []string{
	"Header", "Footer", "Banner", "Badge", "Summary", "Preview", "Thumbnail", "Caption",
	"Toolbar", "Filter", "Section", "Layout", "Cache", "Queue", "Draft", "Index",
	"Snapshot", "Session", "Token", "Schedule", "Counter", "Timeline", "Preset", "Palette",
}

var notificationNames = []string{
	"UIApplicationDidBecomeActiveNotification", "UIApplicationWillResignActiveNotification",
	"UIApplicationDidEnterBackgroundNotification", "UIApplicationWillEnterForegroundNotification",
	"UIKeyboardWillShowNotification", "UIKeyboardWillHideNotification",
	"UIContentSizeCategoryDidChangeNotification", "NSCurrentLocaleDidChangeNotification",
	"UIApplicationDidReceiveMemoryWarningNotification", "NSSystemTimeZoneDidChangeNotification",
}

var colors = []string{"systemBlueColor", "systemRedColor", "labelColor", "secondaryLabelColor", "systemGreenColor", "systemGroupedBackgroundColor", "tertiaryLabelColor"}

// asciiWords and nonASCII feed string literals.
var asciiWords = []string{
	"Loading", "Done", "Retry", "Offline", "Syncing", "Saved", "Updated", "Pending",
	"Uploading", "Ready", "Queued", "Paused", "Failed", "Complete",
}

var nonASCII = []string{
	"正在同步第%d项", "Übertrage %d Einträge", "Téléchargement %d en cours", "同期中 %d 件",
	"Загрузка %d", "Sincronización %d…", "동기화 중 %d",
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
