/* stand-in for a page module of the app */
