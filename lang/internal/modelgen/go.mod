module github.com/copydesk/copydesk/lang/internal/modelgen

go 1.26.0

require (
	github.com/pemistahl/lingua-go v1.4.0
	google.golang.org/protobuf v1.31.0
)
