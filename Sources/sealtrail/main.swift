print("sealtrail")
