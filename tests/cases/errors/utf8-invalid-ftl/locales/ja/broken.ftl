broken-title = å£Šã‚ŒãŸ
broken-intro = ok ÿş here
