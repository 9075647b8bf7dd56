from generator.base.ending import leave
from generator.cli import main

leave(main())
