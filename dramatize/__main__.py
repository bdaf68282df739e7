from dramatize.cli import main

raise SystemExit(main())
