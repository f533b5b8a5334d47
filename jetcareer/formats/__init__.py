"""Date formats of the portal's languages where Django's own differ (settings.FORMAT_MODULE_PATH);
what a module leaves out stays Django's."""
