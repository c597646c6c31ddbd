package b44sso

// The package's C declarations held against include/b44sso.h (path in B44SSO_HEADER): every
// C function the Go code calls exists there and is called with its parameter count (cgo
// itself checks the argument types when it compiles), every header function is used, and
// the code and log level lists equal the header's enums.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func sourceHeader(t *testing.T) string {
	t.Helper()
	path := os.Getenv("B44SSO_HEADER")
	if path == "" {
		t.Fatal("B44SSO_HEADER (the path of include/b44sso.h) is not set")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Comments hold prose with parentheses and semicolons: drop them first.
	code := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(text), " ")
	return regexp.MustCompile(`//[^\n]*`).ReplaceAllString(code, " ")
}

// headerFunctions maps each exported function to its parameter types, e.g.
// "const char*const*" (spaces around '*' removed, parameter names dropped).
func headerFunctions(t *testing.T) map[string][]string {
	declaration := regexp.MustCompile(`B44_EXPORT\s+[^;(]*?\b(b44_\w+)\s*\(([^)]*)\)\s*;`)
	functions := map[string][]string{}
	for _, m := range declaration.FindAllStringSubmatch(sourceHeader(t), -1) {
		var types []string
		if list := strings.TrimSpace(m[2]); list != "" && list != "void" {
			for _, parameter := range strings.Split(list, ",") {
				parameter = regexp.MustCompile(`\w+\s*$`).ReplaceAllString(parameter, "")
				parameter = regexp.MustCompile(`\s*\*\s*`).ReplaceAllString(parameter, "*")
				types = append(types, strings.Join(strings.Fields(parameter), " "))
			}
		}
		functions[m[1]] = types
	}
	return functions
}

func headerEnum(t *testing.T, name string) map[string]int {
	t.Helper()
	body := regexp.MustCompile(`typedef\s+enum\s+` + name + `\s*\{([^}]*)\}\s*` + name + `\s*;`).
		FindStringSubmatch(sourceHeader(t))
	if body == nil {
		t.Fatalf("enum %s not found in the header", name)
	}
	values := map[string]int{}
	for _, m := range regexp.MustCompile(`(B44_\w+)\s*=\s*(\d+)`).FindAllStringSubmatch(body[1], -1) {
		values[m[1]], _ = strconv.Atoi(m[2])
	}
	return values
}

// headerTypes are the typedef names (b44_code, b44_log_handler, ...): C.b44_code(x) in Go
// is a conversion, not a call.
func headerTypes(t *testing.T) map[string]bool {
	types := map[string]bool{}
	header := sourceHeader(t)
	for _, m := range regexp.MustCompile(`typedef[^;]*?\b(b44_\w+)\s*[;)]`).FindAllStringSubmatch(header, -1) {
		types[m[1]] = true
	}
	// typedef struct NAME { ... } NAME; (its members end in ';' too)
	for _, m := range regexp.MustCompile(`typedef\s+struct\s+\w+\s*\{[^}]*\}\s*(b44_\w+)\s*;`).FindAllStringSubmatch(header, -1) {
		types[m[1]] = true
	}
	return types
}

// cCalls finds every call C.b44_xxx(...) in the package's Go files, with its argument count.
func cCalls(t *testing.T) map[string][]int {
	types := headerTypes(t)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string][]int{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(parsed, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "C" && strings.HasPrefix(sel.Sel.Name, "b44_") && !types[sel.Sel.Name] {
					calls[sel.Sel.Name] = append(calls[sel.Sel.Name], len(call.Args))
				}
			}
			return true
		})
	}
	return calls
}

func TestHeaderTypesAreKnown(t *testing.T) {
	types := headerTypes(t)
	for _, name := range []string{"b44_options", "b44_client", "b44_error", "b44_code", "b44_log_level", "b44_log_handler",
		"b44_stats", "b44_token_callback"} {
		if !types[name] {
			t.Errorf("typedef %s not found; found %v", name, types)
		}
	}
}

func TestHeaderParserReadsAKnownDeclaration(t *testing.T) {
	functions := headerFunctions(t)
	if len(functions) < 20 {
		t.Fatalf("only %d functions parsed", len(functions))
	}
	want := []string{"const char*const*", "const char*const*", "size_t", "b44_client**", "b44_error**"}
	if got := functions["b44_client_new_from_request_headers"]; !reflect.DeepEqual(got, want) {
		t.Errorf("parsed %q, want %q", got, want)
	}
}

func TestEveryCCallMatchesTheHeader(t *testing.T) {
	functions := headerFunctions(t)
	calls := cCalls(t)
	if len(calls) == 0 {
		t.Fatal("no C calls found in the package")
	}
	for name, counts := range calls {
		parameters, ok := functions[name]
		if !ok {
			t.Errorf("%s is called but not declared in the header", name)
			continue
		}
		for _, count := range counts {
			if count != len(parameters) {
				t.Errorf("%s is called with %d arguments; the header has %d (%s)",
					name, count, len(parameters), strings.Join(parameters, ", "))
			}
		}
	}
}

func TestEveryHeaderFunctionIsWrapped(t *testing.T) {
	calls := cCalls(t)
	var missing []string
	for name := range headerFunctions(t) {
		if _, ok := calls[name]; !ok {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("header functions the Go package does not call: %v", missing)
	}
}

func TestCodeListEqualsTheHeaderEnum(t *testing.T) {
	ours := map[string]int{}
	for _, entry := range codeNames {
		ours[entry.name] = int(entry.code)
	}
	header := headerEnum(t, "b44_code")
	if len(header) < 15 || !reflect.DeepEqual(ours, header) {
		t.Errorf("codes differ:\n package %v\n header  %v", ours, header)
	}
	if len(Codes()) != len(codeNames) {
		t.Errorf("Codes() has %d entries", len(Codes()))
	}
}

func TestLogLevelListEqualsTheHeaderEnum(t *testing.T) {
	ours := map[string]int{}
	for _, entry := range logLevelNames {
		ours[entry.name] = int(entry.level)
	}
	if header := headerEnum(t, "b44_log_level"); !reflect.DeepEqual(ours, header) {
		t.Errorf("log levels differ:\n package %v\n header  %v", ours, header)
	}
}

func TestLibraryNamesEachCodeAsThePackage(t *testing.T) {
	for _, code := range Codes() {
		if got := libraryCodeName(code); got != code.String() {
			t.Errorf("library names %d %q, package %q", int(code), got, code.String())
		}
	}
	if got := Code(999).String(); got != "B44_ERR_UNKNOWN" {
		t.Errorf("Code(999) = %q", got)
	}
}

func TestVersionCompatibility(t *testing.T) {
	cases := map[string]bool{"0.1.0": true, "0.9.12": true, "1.0.0": false, "10.0.0": false,
		"": false, "0": false, ".1.0": false, "x.1.0": false, "-0.1.0": false}
	for version, want := range cases {
		if got := compatibleVersion(version, 0); got != want {
			t.Errorf("compatibleVersion(%q, 0) = %v", version, got)
		}
	}
	if !compatibleVersion("10.2.3", 10) {
		t.Error("10.2.3 is not major 10")
	}
	if err := checkVersion("1.0.0"); !errors.Is(err, ErrIncompatibleLibrary) ||
		!strings.Contains(err.Error(), "1.0.0") || !strings.Contains(err.Error(), fmt.Sprintf("%d.x", SupportedMajor)) {
		t.Errorf("checkVersion(1.0.0) = %v", err)
	}
	if versionErr != nil {
		t.Errorf("the loaded library was refused: %v", versionErr)
	}
}

// headerStructFields lists the fields of `typedef struct NAME { TYPE a; TYPE b; } NAME;`,
// failing on a member of another type.
func headerStructFields(t *testing.T, name, memberType string) []string {
	t.Helper()
	body := regexp.MustCompile(`typedef\s+struct\s+` + name + `\s*\{([^}]*)\}\s*` + name + `\s*;`).
		FindStringSubmatch(sourceHeader(t))
	if body == nil {
		t.Fatalf("struct %s not found in the header", name)
	}
	var fields []string
	for _, member := range strings.Split(body[1], ";") {
		words := strings.Fields(strings.ReplaceAll(member, ",", " , "))
		if len(words) == 0 {
			continue
		}
		if words[0] != memberType {
			t.Fatalf("%s has a member %q that is not %s", name, strings.TrimSpace(member), memberType)
		}
		for _, word := range words[1:] {
			if word != "," {
				fields = append(fields, word)
			}
		}
	}
	return fields
}

func TestStatsFieldsEqualTheHeaderStruct(t *testing.T) {
	if header := headerStructFields(t, "b44_stats", "uint64_t"); !reflect.DeepEqual(header, statsFields) {
		t.Errorf("b44_stats fields differ:\n package %v\n header  %v", statsFields, header)
	}
	if got := reflect.TypeOf(Stats{}).NumField(); got != len(statsFields) {
		t.Errorf("Stats has %d fields, statsFields %d", got, len(statsFields))
	}
}

func TestTokenCallbackTypedefIsTheTrampolines(t *testing.T) {
	code := strings.Join(strings.Fields(sourceHeader(t)), " ")
	m := regexp.MustCompile(`typedef void \(\*b44_token_callback\)\(([^)]*)\);`).FindStringSubmatch(code)
	if m == nil {
		t.Fatal("typedef b44_token_callback not found")
	}
	var types []string
	for _, parameter := range strings.Split(m[1], ",") {
		parameter = regexp.MustCompile(`\w+\s*$`).ReplaceAllString(parameter, "")
		parameter = regexp.MustCompile(`\s*\*\s*`).ReplaceAllString(parameter, "*")
		types = append(types, strings.Join(strings.Fields(parameter), " "))
	}
	// The parameters of b44go_token_trampoline in async_bridge.go (whose C side also checks
	// the type with _Static_assert).
	want := []string{"b44_code", "const char*", "const b44_error*", "void*"}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("b44_token_callback takes %q, the trampoline %q", types, want)
	}
}
