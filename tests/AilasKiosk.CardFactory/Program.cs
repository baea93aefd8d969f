Console.WriteLine("card");
