module b44sso.dev/b44sso

go 1.18
