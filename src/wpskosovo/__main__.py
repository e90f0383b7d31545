from wpskosovo.cli import main

main()
