// createTreeWithEmptyWorkspace writes an .oxfmtrc.json that formatFiles would then warn about.
process.env.NX_SKIP_FORMAT = 'true';
process.env.NX_DAEMON = 'false';
process.env.NX_NO_CLOUD = 'true';
